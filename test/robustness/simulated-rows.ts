import type { EvalRow } from "../../src/data/types.js";
import type { FitData } from "../../src/fit/data.js";

/**
 * Cleaned evaluations from simulated rows (test/fit/simulate.ts): a paper per `cluster` (three
 * rows each), a system per row, every fourth row zero-shot, epoch 1 and a vocabulary everywhere.
 */
export function simulatedRows(d: FitData): EvalRow[] {
  return Array.from({ length: d.m }, (_, i) => ({
    system: `s${i}`,
    reference: `paper ${String(d.cluster[i]).padStart(3, "0")}`,
    benchmark: d.P[i] ? "ptb" : d.W[i] ? "wt2" : "wt103",
    date: "",
    t: d.t[i],
    year: d.year[i],
    param: d.N[i],
    dataset: d.D[i],
    epoch: 1,
    trainingCompute: null,
    pplWt103: null,
    pplWt2: null,
    pplPtb: null,
    ppl: Math.exp(d.y[i]),
    pplOwn: Math.exp(d.y[i]),
    logPpl: d.y[i],
    ptb: d.P[i],
    wt2: d.W[i],
    transformer: d.T[i],
    architecture: "",
    vocabulary: d.vocab[i],
    zeroShot: i % 4 === 0,
    uncertain: 0,
    sourceLine: i + 2,
    meta: {},
  })) as EvalRow[];
}
