/** Tasks of the CV grid on worker threads: cross-validate the (model, δ) combinations sent (see `runPool`). */
import type { TaskSetup } from "../util/workers.js";
import { type CvSetup, crossValidate } from "./crossval.js";

export const tasks: TaskSetup = (shared: { setup: CvSetup; combos: [string, number][] }) => (id) =>
  crossValidate(shared.setup, shared.combos[id][0], shared.combos[id][1]);
