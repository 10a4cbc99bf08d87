/** Tasks of the bootstrap on worker threads: fit the replicates sent (see `runPool`). */
import type { TaskSetup } from "../util/workers.js";
import type { FitData } from "../fit/data.js";
import { type BootstrapSpec, replicateRunner } from "./bootstrap.js";

export const tasks: TaskSetup = (shared: { data: FitData; spec: BootstrapSpec; indices: Uint32Array[] }) => {
  const run = replicateRunner(shared.data, shared.spec);
  return (id) => run(shared.indices[id]);
};
