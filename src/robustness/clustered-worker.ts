/** Tasks of the clustered-error bootstrap on worker threads: fit the replicates sent (see `runPool`). */
import type { FitData } from "../fit/data.js";
import type { TaskSetup } from "../util/workers.js";
import { clusteredReplicate } from "./checks.js";

export const tasks: TaskSetup = (shared: { data: FitData; t0: number; indices: Uint32Array[] }) => (id) =>
  clusteredReplicate(shared.data, shared.t0, shared.indices[id]);
