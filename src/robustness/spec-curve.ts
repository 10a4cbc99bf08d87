import type { EvalRow } from "../data/types.js";
import type { EstimatorName } from "../fit/estimators.js";
import { type FitData, fitDataFromRows } from "../fit/data.js";
import { topKPerPaper } from "./checks.js";
import { type CheckOptions, type Estimate, firstSameJob, halvings } from "./halving.js";

/** The choices a specification is made of. */
export interface SpecChoice {
  sample: "top-3" | "top-1" | "all";
  target: "as published" | "corrected";
  estimator: EstimatorName;
  model: string;
  delta: number;
}

/** One point of the specification curve. */
export interface Spec {
  choice: SpecChoice;
  estimate: Estimate;
  /**
   * The index of the first specification this one repeats (the same rows, model, penalty and
   * estimator under other choices: two sample rules that keep the same rows), when it repeats one.
   */
  repeats?: number;
}

/**
 * The grid of choices (sample rule × target × estimator × model × δ), in a fixed order.
 *
 * @example
 * // 3 sample rules × 2 targets × (2 δ × 2 penalised estimators + nls at δ = 0)
 * specGrid(["7"], [0.001, 0.0025]).length; // → 30
 * specGrid(["7"], [0.0025], ["faithful"])[0]; // → { sample: "top-3", target: "as published", delta: 0.0025 }
 */
export function specGrid(
  models: string[],
  deltas: number[],
  estimators: EstimatorName[] = ["faithful", "penalized", "nls"],
): SpecChoice[] {
  const out: SpecChoice[] = [];
  for (const sample of ["top-3", "top-1", "all"] as const)
    for (const target of ["as published", "corrected"] as const)
      for (const estimator of estimators)
        for (const model of models)
          for (const delta of estimator === "nls" ? [0] : deltas) out.push({ sample, target, estimator, model, delta });
  return out;
}

/**
 * Estimate every specification with its bootstrap interval (docs/method.md §5.17's "every run should
 * also be repeated…", issue 7). `full` and `fullCorrected` are the step-16 tables with the
 * published and the corrected target; the sample rule picks rows from them. A specification with the
 * same rows, model, penalty and estimator as an earlier one is estimated once and marks the one it
 * repeats (`repeats`, §11).
 *
 * @example
 * const published = loadEvaluations("data/lm_evaluations.csv");
 * const corrected = loadEvaluations("data/lm_evaluations.csv", { correctedTarget: true });
 * const grid = specGrid(["7"], [0.0025], ["faithful"]); // 6 specifications; B: 5 for speed
 * await specificationCurve(published.full, corrected.full, grid, { B: 5, seed: 0 }); // [{ choice, estimate }, …]
 */
export async function specificationCurve(
  full: EvalRow[],
  fullCorrected: EvalRow[],
  grid: SpecChoice[],
  o: Omit<CheckOptions, "estimator">,
  onProgress?: (done: number, total: number) => void,
): Promise<Spec[]> {
  // The samples are built once each (a grid repeats each one for every model, penalty and estimator).
  const samples = new Map<string, FitData>();
  const sample = (c: SpecChoice) => {
    const key = `${c.target} ${c.sample}`;
    let data = samples.get(key);
    if (!data) {
      const base = c.target === "corrected" ? fullCorrected : full;
      data = fitDataFromRows(topKPerPaper(base, c.sample === "top-3" ? 3 : c.sample === "top-1" ? 1 : Infinity));
      samples.set(key, data);
    }
    return data;
  };
  const jobs = grid.map((c) => ({ data: sample(c), modelId: c.model, delta: c.delta, estimator: c.estimator }));
  const estimates = await halvings(jobs, { ...o, estimator: "faithful" }, onProgress);
  const first = firstSameJob(jobs, { estimator: "faithful" });
  return grid.map((choice, i) => ({
    choice,
    estimate: estimates[i],
    ...(first[i] !== i ? { repeats: first[i] } : {}),
  }));
}

/**
 * Summary of a specification curve: the share of specifications whose interval contains a value
 * (the published 8.4 months), how many of them are distinct (the others repeat one, `Spec.repeats`,
 * and count again in the share and the spreads), and for each choice dimension the spread of the
 * median estimate across its options (mean over specifications of each option) — the largest
 * spread is the single choice that moves the estimate most.
 *
 * @example
 * const { full } = loadEvaluations("data/lm_evaluations.csv");
 * const corrected = loadEvaluations("data/lm_evaluations.csv", { correctedTarget: true }).full;
 * const specs = await specificationCurve(full, corrected, specGrid(["7"], [0.0025], ["faithful"]), { B: 5, seed: 0 });
 * // { containing, total, distinct, spread }: spread[0] is the choice that moves T_C most; where two
 * // choices keep the same rows (top 3 and all rows when no paper has more), distinct < total
 * summariseCurve(specs, 8.44);
 */
export function summariseCurve(
  specs: Spec[],
  reference: number,
): {
  containing: number;
  total: number;
  /** Of `total`, the specifications that repeat no other (`Spec.repeats`). */
  distinct: number;
  spread: { dimension: keyof SpecChoice; range: number; byOption: Record<string, number> }[];
} {
  const ok = specs.filter((s) => Number.isFinite(s.estimate.p50));
  const containing = ok.filter((s) => s.estimate.p2_5 <= reference && reference <= s.estimate.p97_5).length;
  const dims: (keyof SpecChoice)[] = ["sample", "target", "estimator", "model", "delta"];
  const spread = dims.map((dimension) => {
    const groups = new Map<string, number[]>();
    for (const s of ok)
      groups.set(String(s.choice[dimension]), [...(groups.get(String(s.choice[dimension])) ?? []), s.estimate.p50]);
    const byOption = Object.fromEntries([...groups].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));
    const vals = Object.values(byOption);
    return { dimension, range: Math.max(...vals) - Math.min(...vals), byOption };
  });
  spread.sort((a, b) => b.range - a.range);
  return { containing, total: ok.length, distinct: ok.filter((s) => s.repeats === undefined).length, spread };
}
