/** Tasks of `fitModelParallel` on worker threads: run the blocks of starts sent (see `runPool`). */
import type { TaskSetup } from "../util/workers.js";
import type { FitData, Normalisation } from "./data.js";
import { runStarts } from "./estimators.js";
import { buildDesign, model } from "./models.js";

export const tasks: TaskSetup = (shared: {
  id: string;
  data: FitData;
  norm: Normalisation;
  w: Float64Array;
  blocks: Float64Array[][];
}) => {
  const design = buildDesign(model(shared.id), shared.data, shared.norm);
  return (block) => runStarts(design, shared.data.y, shared.w, shared.blocks[block]);
};
