import { type FitData, type Normalisation, imputeVocabulary, normalisationOf, paperRows, subset } from "../fit/data.js";
import { type EstimatorName, rowFitter } from "../fit/estimators.js";
import { buildDesign, model, predict, predictModel18AsPublished } from "../fit/models.js";
import { mt19937, permutation } from "../random/mt19937.js";
import { gather } from "../util/gather.js";
import { frozen } from "../util/frozen.js";

/**
 * Cross-validation of the model family (docs/method.md §6).
 * - `as-run`: the authors' protocol — leave-one-out over the CV pool in order, each (model, δ)
 *   warm-started from its previous fold's solution (zeros in fold 0), normalisation from the pool;
 * - `cold`: the same folds with every fit started from zero (deterministic, path-independent);
 * - `paper`: leave-one-paper-out — all rows of a paper held out together (rows of one paper are
 *   not independent; duplicates of a system across benchmarks leak under row folds, Q2);
 * - `kfold`: k seeded random folds of rows.
 */
export const PROTOCOLS = ["as-run", "cold", "paper", "kfold"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** The authors' δ grid (§3.2). */
export const DELTA_GRID = frozen([0, 0.001, 0.0025, 0.005, 0.01, 0.02]);

/**
 * The authors' hold-out split (§6.1): a seeded permutation; the first ⌈0.2m⌉ rows validate, the rest form the CV pool
 * in permutation order.
 */
export function holdoutSplit(m: number, seed = 1, testFraction = 0.2): { validation: Uint32Array; pool: Uint32Array } {
  const p = permutation(mt19937(seed), m);
  const nTest = Math.ceil(testFraction * m);
  return { validation: p.slice(0, nTest), pool: p.slice(nTest) };
}

/** Folds over the pool's rows (indices into the pool): each fold is the set of held-out rows. */
export function makeFolds(pool: FitData, protocol: Protocol, opts: { k?: number; seed?: number } = {}): Uint32Array[] {
  if (protocol === "as-run" || protocol === "cold") return Array.from({ length: pool.m }, (_, i) => Uint32Array.of(i));
  if (protocol === "paper") return paperRows(pool).map((rows) => Uint32Array.from(rows));
  const k = Math.min(opts.k ?? 10, pool.m);
  const order = permutation(mt19937(opts.seed ?? 0), pool.m);
  return Array.from({ length: k }, (_, f) => Uint32Array.from([...order].filter((_, j) => j % k === f)));
}

/** Scores of one (model, δ) combination. */
export interface CvScore {
  model: string;
  delta: number;
  /** Mean squared error of held-out predictions (the authors' LOO MSE under as-run/cold). */
  mse: number;
  /** Pooled R² = 1 − SS_res/SS_tot over all held-out predictions. */
  r2: number;
  /** Mean over folds of the MSE on the hold-out (validation) set; NaN when there is none. */
  validationMse: number;
  folds: number;
  /** Folds skipped because a parameter or prediction was not finite (§6.1 step 4c). */
  skipped: number;
  /** Squared error of each pool row when held out (NaN when its fold was skipped), for paired comparisons. */
  errors: number[];
  /**
   * Model 18 scored as published (docs/method.md Q8: C0 recomputed over each held-out row, so the compute term
   * vanishes).
   */
  asPublishedMse?: number;
}

/** What a CV run needs: the pool, its folds, an optional validation set and the estimator. */
export interface CvSetup {
  pool: FitData;
  validation: FitData | null;
  folds: Uint32Array[];
  norm: Normalisation;
  protocol: Protocol;
  estimator: EstimatorName;
  seed: number;
}

/** Build the setup of a protocol from the head sample (hold-out split for as-run/cold, §6.1 steps 1–3). */
export function cvSetup(head: FitData, protocol: Protocol, estimator: EstimatorName = "faithful", seed = 1): CvSetup {
  const data = imputeVocabulary(head);
  let pool = data;
  let validation: FitData | null = null;
  if (protocol === "as-run" || protocol === "cold") {
    const split = holdoutSplit(data.m, seed);
    pool = subset(data, split.pool);
    validation = subset(data, split.validation);
  }
  return {
    pool,
    validation,
    folds: makeFolds(pool, protocol, { seed }),
    norm: normalisationOf(pool),
    protocol,
    estimator,
    seed,
  };
}

/** Rows 0..m−1 not in `held`, in order. */
export function complement(m: number, held: ArrayLike<number>): Uint32Array {
  const isHeld = new Uint8Array(m);
  for (let q = 0; q < held.length; q++) isHeld[held[q]] = 1;
  // A loop, not Uint32Array.from(keys()).filter: this runs once per fold (about 45,000 times in
  // chapter 3), and the iterator and callback took 1.2 s of its workers' CPU.
  let n = m;
  for (let i = 0; i < m; i++) n -= isHeld[i];
  const out = new Uint32Array(n);
  for (let i = 0, k = 0; i < m; i++) if (!isHeld[i]) out[k++] = i;
  return out;
}

/**
 * Cross-validate one (model, δ) combination (§6.1 step 4): fit on the training rows of each fold,
 * predict the held-out rows, and score. Under `as-run` each fold starts from the previous fold's
 * solution; otherwise from the estimator's own start. Model 20's validation rows use raw D under
 * `as-run` (docs/method.md Q15); model 18 also gets its as-published score (Q8).
 */
export function crossValidate(setup: CvSetup, modelId: string, delta: number): CvScore {
  const { pool, validation, folds, norm } = setup;
  const spec = model(modelId);
  // Normalisation is fixed for the whole CV (§2.5), so the pool's design is built once and sliced.
  const full = buildDesign(spec, pool, norm);
  // Each fold fits rows of it: the faithful estimator lays the design out in kernel memory once.
  const fitFold = rowFitter(full, pool.y, { estimator: setup.estimator, delta, seed: setup.seed });
  let warm: Float64Array | undefined;
  let sse = 0;
  let n = 0;
  let skipped = 0;
  let valSum = 0;
  let valFolds = 0;
  let q8 = 0;
  const errors = new Array<number>(pool.m).fill(NaN);
  const heldY: number[] = [];
  const heldPred: number[] = [];
  // docs/method.md Q15: the authors scored model 20's validation rows without effective data.
  const vSpec = setup.protocol === "as-run" && modelId === "20" ? model("7") : spec;
  // The validation rows are the same in every fold: their design is built once.
  const vDesign = validation ? buildDesign(vSpec, validation, norm) : null;
  // Held-out predictions are read from all the pool's (each row's are the doubles it gets in any
  // design: the kernel computes rows independently), not from a design built per fold.
  const poolPred = new Float64Array(pool.m);
  for (const held of folds) {
    const trainIdx = complement(pool.m, held);
    const fit = fitFold(trainIdx, setup.protocol === "as-run" ? warm : undefined);
    predict(full, fit.theta, poolPred);
    const pred = gather(poolPred, held);
    if (!fit.theta.every(Number.isFinite) || !pred.every(Number.isFinite)) {
      skipped++;
      continue;
    }
    if (setup.protocol === "as-run") warm = fit.theta;
    for (let i = 0; i < held.length; i++) {
      const y = pool.y[held[i]];
      sse += (y - pred[i]) ** 2;
      errors[held[i]] = (y - pred[i]) ** 2;
      heldY.push(y);
      heldPred.push(pred[i]);
      n++;
    }
    if (modelId === "18") {
      // As published (Q8): C0 recomputed over the rows being predicted — one held-out row at a time.
      for (let i = 0; i < held.length; i++)
        q8 += (pool.y[held[i]] - predictModel18AsPublished(fit.theta, subset(pool, [held[i]]), norm)[0]) ** 2;
    }
    if (validation && vDesign) {
      const vp = predict(vDesign, fit.theta);
      let s = 0;
      for (let i = 0; i < validation.m; i++) s += (validation.y[i] - vp[i]) ** 2;
      valSum += s / validation.m;
      valFolds++;
    }
  }
  const mean = heldY.reduce((a, b) => a + b, 0) / heldY.length;
  const ssTot = heldY.reduce((a, y) => a + (y - mean) ** 2, 0);
  return {
    model: modelId,
    delta,
    mse: sse / n,
    r2: 1 - sse / ssTot,
    validationMse: valFolds ? valSum / valFolds : NaN,
    folds: folds.length,
    skipped,
    errors,
    ...(modelId === "18" ? { asPublishedMse: q8 / n } : {}),
  };
}

/**
 * Rank scores by held-out MSE, ascending (§6.1 step 6).
 *
 * @example
 * const scores = await cvGrid(data, { protocol: "kfold", models: ["16", "7"], deltas: [0.0025], threads: 1 });
 * // best first: model 7 predicts held-out rows better than model 16 (no progress term)
 * rankScores(scores).map((s) => s.model); // → ["7", "16"]
 */
export function rankScores(scores: CvScore[]): CvScore[] {
  return [...scores].sort((a, b) => a.mse - b.mse);
}

/**
 * The top (model, δ) pairs used for aggregation (§5.3, §6.4): the ranking without the robustness
 * variants 18, 19, 20 and without models lacking a progress term (16, 17), first `n`. With
 * `asPublished`, δ = 0 entries are skipped too (docs/method.md Q16: the authors' parser needed a decimal point).
 *
 * @example
 * const grid = { protocol: "kfold" as const, models: ["7", "16"], deltas: [0, 0.0025], threads: 1 };
 * const ranked = rankScores(await cvGrid(data, grid));
 * // model 16 has no progress term, and δ = 0 is skipped as the authors' parser skipped it
 * topPairs(ranked).map((s) => `${s.model}/${s.delta}`); // → ["7/0.0025"]
 */
export function topPairs(ranked: CvScore[], n = 10, asPublished = true): CvScore[] {
  return ranked
    .filter((s) => !["16", "17", "18", "19", "20"].includes(s.model) && !(asPublished && s.delta === 0))
    .slice(0, n);
}

/**
 * Paired comparison of two cross-validated specifications on the same folds: the mean difference
 * of held-out squared errors (b − a) and its standard error over rows. A difference smaller than
 * about two standard errors is within the noise of the comparison.
 *
 * @example
 * const grid = { protocol: "kfold" as const, models: ["7", "16"], deltas: [0.0025], threads: 1 };
 * const [best, next] = rankScores(await cvGrid(data, grid));
 * pairedDifference(best, next); // e.g. { diff: 0.017, se: 0.004 }: more than 2 se apart, not noise
 */
export function pairedDifference(a: CvScore, b: CvScore): { diff: number; se: number } {
  const d: number[] = [];
  a.errors.forEach((e, i) => Number.isFinite(e) && Number.isFinite(b.errors[i]) && d.push(b.errors[i] - e));
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1));
  return { diff: mean, se: sd / Math.sqrt(d.length) };
}

/**
 * Spearman's rank correlation of two rankings of (model, δ) pairs (each sorted best first, as
 * `rankScores` returns them), over the pairs both contain: 1 when they agree, −1 when reversed.
 * Used to compare CV protocols (docs/method.md §6).
 *
 * @example
 * const grid = { protocol: "kfold" as const, models: ["7", "16"], deltas: [0, 0.0025], threads: 1 };
 * const a = rankScores(await cvGrid(data, grid));
 * const b = rankScores(await cvGrid(data, { ...grid, seed: 2 })); // other random folds
 * spearman(a, b); // e.g. 1: both fold draws rank the four specifications alike
 * spearman(a, [...a].reverse()); // → -1
 */
export function spearman(a: CvScore[], b: CvScore[]): number {
  // Rankings have no ties, so the closed form 1 − 6Σd²/(n(n² − 1)) on positions is exact;
  // simple-statistics' sampleRankCorrelation (Pearson on midranks) gives 1.0000000000000002 for equal rankings.
  const key = (s: CvScore) => `${s.model}/${s.delta}`;
  const inB = new Set(b.map(key));
  const sharedA = a.filter((s) => inB.has(key(s)));
  const rankA = new Map(sharedA.map((s, i) => [key(s), i]));
  const sharedB = b.filter((s) => rankA.has(key(s)));
  const n = sharedB.length;
  const d2 = sharedB.reduce((sum, s, j) => sum + (rankA.get(key(s))! - j) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}
