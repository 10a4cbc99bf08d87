/** Worker thread of the clustered-error bootstrap: fits the replicates it is sent (see `runPool`). */
import type { FitData } from "../fit/data.js";
import { serveTasks } from "../util/workers.js";
import { clusteredReplicate } from "./checks.js";

serveTasks(
  (shared: { data: FitData; t0: number; indices: Uint32Array[] }) => (id) =>
    clusteredReplicate(shared.data, shared.t0, shared.indices[id]),
);
