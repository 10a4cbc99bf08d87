/** Worker thread of `halvings`: runs the halving jobs it is sent (see `runPool`). */
import { serveTasks } from "../util/workers.js";
import { type CheckOptions, type HalvingJob, halving } from "./halving.js";

serveTasks((shared: { jobs: HalvingJob[]; o: CheckOptions }) => (id) => {
  const j = shared.jobs[id];
  return halving(j.data, j.modelId, j.delta, { ...shared.o, estimator: j.estimator ?? shared.o.estimator }, j.which);
});
