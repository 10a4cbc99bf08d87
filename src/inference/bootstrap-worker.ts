/** Worker thread of the bootstrap: fits the replicates it is sent (see `runPool`). */
import { serveTasks } from "../util/workers.js";
import type { FitData } from "../fit/data.js";
import { type BootstrapSpec, replicateRunner } from "./bootstrap.js";

serveTasks((shared: { data: FitData; spec: BootstrapSpec; indices: Uint32Array[] }) => {
  const run = replicateRunner(shared.data, shared.spec);
  return (id) => run(shared.indices[id]);
});
