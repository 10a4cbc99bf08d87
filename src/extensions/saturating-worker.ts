/** Tasks of `bootstrapSaturating` on worker threads: fit the resamples sent (see `runPool`). */
import type { TaskSetup } from "../util/workers.js";
import { type SatPoint, resampleFit } from "./saturating.js";

export const tasks: TaskSetup = (shared: { pts: SatPoint[]; indices: Uint32Array[]; timeTerm: boolean }) => (id) =>
  resampleFit(shared.pts, shared.indices[id], shared.timeTerm);
