import { type TableRecord, evaluationsFromRecords } from "../data/load.js";
import { clusterIndices } from "../data/clean.js";
import type { EvalRow } from "../data/types.js";
import { gather } from "../util/gather.js";

/**
 * Columnar data for fitting: one entry per long-format row (docs/method.md §0). Sizes are raw counts,
 * t is the fractional year, y = ln perplexity (nats/token).
 */
export interface FitData {
  m: number;
  y: Float64Array;
  N: Float64Array;
  D: Float64Array;
  t: Float64Array;
  /** PTB and WT2 dummies, transformer dummy. */
  P: Float64Array;
  W: Float64Array;
  T: Float64Array;
  /** Calendar year (for the year-dummy split, §2.4). */
  year: Float64Array;
  /** Epochs, NaN when missing. */
  epoch: Float64Array;
  /** Vocabulary size, NaN when missing. */
  vocab: Float64Array;
  /** 0-based paper index (cluster bootstrap, grouped CV). */
  cluster: Int32Array;
  /** Optional row weights in the squared-error objective (absent = all 1). */
  weight?: Float64Array;
}

/** Normalisation constants (§2.5): minima of N, D, t and C = 6ND over the set-up sample, then held fixed. */
export interface Normalisation {
  N0: number;
  D0: number;
  t0: number;
  C0: number;
}

/**
 * Columnar fit data from cleaned long-format rows (§1.3): y = `logPpl` (ln perplexity), raw N and
 * D (counts), t (fractional year), benchmark and transformer dummies, calendar year, epochs and
 * vocabulary (NaN when missing), and the paper index of `clusterIndices`.
 *
 * @example
 * const sample = fitDataFromRows(loadEvaluations("data/lm_evaluations.csv").head);
 * sample; // → { m: 226, y: { 0: 2.9014 }, N: { 0: 247000000 }, D: { 0: 205000000 }, T: { 0: 1 } }
 */
export function fitDataFromRows(rows: EvalRow[]): FitData {
  // A loop, not Float64Array.from(rows, f): the iterator protocol costs ~10× on 100,000 rows.
  const col = (f: (r: EvalRow) => number) => {
    const a = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) a[i] = f(rows[i]);
    return a;
  };
  return {
    m: rows.length,
    y: col((r) => r.logPpl),
    N: col((r) => r.param),
    D: col((r) => r.dataset),
    t: col((r) => r.t),
    P: col((r) => r.ptb),
    W: col((r) => r.wt2),
    T: col((r) => r.transformer),
    year: col((r) => r.year),
    epoch: col((r) => r.epoch ?? NaN),
    vocab: col((r) => r.vocabulary ?? NaN),
    cluster: clusterIndices(rows.map((r) => r.reference)),
  };
}

/**
 * Columnar fit data from in-memory records of the plain layout: columns `year` (fractional year t),
 * `param` (N), `dataset` (D), `benchmark` (wt103 | wt2 | ptb) and `log_ppl` (ln perplexity), values
 * as numbers or numeric strings; optional `transformer` (0/1), `epoch`, `vocabulary`, `reference`
 * (paper; without it every row is its own paper), `system`. The records go through the plain-layout
 * reader of `loadEvaluations` (`evaluationsFromRecords`), so they are validated as a file would be.
 *
 * @example
 * fitDataFromTable([{ year: 2019.5, param: 1e8, dataset: 1e9, benchmark: "wt103", log_ppl: 3.2 }]).m; // 1
 */
export function fitDataFromTable(records: ReadonlyArray<TableRecord>): FitData {
  return fitDataFromRows(evaluationsFromRecords(records).head);
}

/**
 * Normalisation constants of an analysis (§2.5): N0 = min N, D0 = min D (raw D, also for model
 * 20), t0 = min t and C0 = min 6ND over the set-up sample. Fixed for the analysis and passed to
 * every fit; not recomputed per bootstrap replicate or CV fold (except where §2.5 says so).
 *
 * @example
 * normalisationOf(data); // → { N0: 2000000, D0: 887521, t0: 2012.488, C0: 11155068000000 }
 */
export function normalisationOf(d: FitData): Normalisation {
  let N0 = Infinity,
    D0 = Infinity,
    t0 = Infinity,
    C0 = Infinity;
  for (let i = 0; i < d.m; i++) {
    N0 = Math.min(N0, d.N[i]);
    D0 = Math.min(D0, d.D[i]);
    t0 = Math.min(t0, d.t[i]);
    C0 = Math.min(C0, 6 * d.N[i] * d.D[i]);
  }
  return { N0, D0, t0, C0 };
}

/**
 * Rows `idx` of the data, in that order (repetition allowed: bootstrap resamples, CV folds).
 *
 * @example
 * const rows = subset(data, [0, 0, 5]);
 * rows.m; // → 3
 * Array.from(rows.y); // → [2.9014, 2.9014, 4.426]
 */
export function subset(d: FitData, idx: ArrayLike<number>): FitData {
  const take = (a: Float64Array) => gather(a, idx);
  return {
    m: idx.length,
    y: take(d.y),
    N: take(d.N),
    D: take(d.D),
    t: take(d.t),
    P: take(d.P),
    W: take(d.W),
    T: take(d.T),
    year: take(d.year),
    epoch: take(d.epoch),
    vocab: take(d.vocab),
    cluster: Int32Array.from(idx, (i) => d.cluster[i]),
    ...(d.weight ? { weight: take(d.weight) } : {}),
  };
}

/**
 * The rows of each paper (`cluster`), papers in order of their first row, each paper's rows in row
 * order (docs/method.md §1.3): the groups of the clustered likelihood, the paper bootstrap and
 * leave-one-paper-out.
 *
 * @example
 * const d = { ...data, m: 4, cluster: Int32Array.of(5, 2, 5, 9) };
 * paperRows(d).map((rows) => Array.from(rows)); // → [[0, 2], [1], [3]]
 */
export function paperRows(d: FitData): Int32Array[] {
  const papers = new Map<number, number[]>();
  for (let i = 0; i < d.m; i++) {
    const rows = papers.get(d.cluster[i]);
    if (rows) rows.push(i);
    else papers.set(d.cluster[i], [i]);
  }
  return [...papers.values()].map((rows) => Int32Array.from(rows));
}

/** Weights that make every paper count once: 1/(rows of its paper), scaled to mean 1. */
export function paperWeights(d: FitData): FitData {
  const count = new Map<number, number>();
  for (const c of d.cluster) count.set(c, (count.get(c) ?? 0) + 1);
  const raw = Float64Array.from(d.cluster, (c) => 1 / count.get(c)!);
  const mean = raw.reduce((a, b) => a + b, 0) / d.m;
  return { ...d, weight: raw.map((w) => w / mean) };
}

/**
 * Replace the dataset size, e.g. by tokens seen D·E or effective data (§5.10).
 *
 * @example
 * const tokensSeen = data.D.map((D, i) => D * (Number.isFinite(data.epoch[i]) ? data.epoch[i] : 1));
 * withDataset(data, tokensSeen).D.filter((D, i) => D !== data.D[i]).length; // → 5
 */
export function withDataset(d: FitData, D: Float64Array): FitData {
  return { ...d, D };
}

/**
 * The vocabulary size imputed for a benchmark where a row has none (§5.11): PTB 10000, WT2 33278,
 * WT103 268000 (tokens). `ptb` and `wt2` are the benchmark indicators P and W.
 *
 * @example
 * benchmarkVocabulary(0, 1); // 33278 (WikiText-2)
 */
export function benchmarkVocabulary(ptb: number, wt2: number): number {
  return ptb ? 10000 : wt2 ? 33278 : 268000;
}

/** Vocabulary imputed by benchmark where missing (§5.11, `benchmarkVocabulary`). */
export function imputeVocabulary(d: FitData): FitData {
  const vocab = Float64Array.from(d.vocab, (v, i) =>
    Number.isFinite(v) && v > 0 ? v : benchmarkVocabulary(d.P[i], d.W[i]),
  );
  return { ...d, vocab };
}

/**
 * Effective-data factor of repeated epochs, 1 + R(1 − e^(−E/R)) with R = 2.9157, missing E → 1 (§2.3 model 20,
 * docs/method.md Q12).
 */
export function effectiveDataFactor(epoch: number, R = 2.9157): number {
  const E = Number.isFinite(epoch) ? epoch : 1;
  return 1 + R * (1 - Math.exp(-E / R));
}
