/** Tasks of `halvings` on worker threads: run the halving jobs sent (see `runPool`). */
import type { TaskSetup } from "../util/workers.js";
import { type CheckOptions, type HalvingJob, halving } from "./halving.js";

export const tasks: TaskSetup = (shared: { jobs: HalvingJob[]; o: CheckOptions }) => (id) => {
  const j = shared.jobs[id];
  return halving(j.data, j.modelId, j.delta, { ...shared.o, estimator: j.estimator ?? shared.o.estimator }, j.which);
};
