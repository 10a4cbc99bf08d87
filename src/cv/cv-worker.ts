/** Worker thread of the CV grid: cross-validates the (model, δ) combinations it is sent (see `runPool`). */
import { serveTasks } from "../util/workers.js";
import { type CvSetup, crossValidate } from "./crossval.js";

serveTasks(
  (shared: { setup: CvSetup; combos: [string, number][] }) => (id) =>
    crossValidate(shared.setup, shared.combos[id][0], shared.combos[id][1]),
);
