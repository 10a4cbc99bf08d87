/** Worker thread of `bootstrapSaturating`: fits the resamples it is sent (see `runPool`). */
import { serveTasks } from "../util/workers.js";
import { type SatPoint, resampleFit } from "./saturating.js";

serveTasks(
  (shared: { pts: SatPoint[]; indices: Uint32Array[]; timeTerm: boolean }) => (id) =>
    resampleFit(shared.pts, shared.indices[id], shared.timeTerm),
);
