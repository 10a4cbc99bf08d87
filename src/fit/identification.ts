import type { Benchmark, EvalRow } from "../data/types.js";
import type { Design } from "./design.js";

/** How much independent variation in dataset size a sample offers for β_data; see `dataSizeSupport`. */
export interface DataSizeSupport {
  rows: number;
  /** Rows whose D differs from the most common D of their benchmark (pretrained models, other corpora). */
  offModal: number;
  /** Of those, the rows evaluated zero-shot (their D is confounded with the transfer gap). */
  offModalZeroShot: number;
  /** Share of the variance of ln D left within benchmarks (what the benchmark intercepts do not absorb), in [0, 1]. */
  withinShare: number;
  byBenchmark: { benchmark: Benchmark; rows: number; modalD: number; offModal: number }[];
}

/**
 * What identifies the data exponent (docs/method.md §2.3, model 7 and its relatives): ln D′ enters beside
 * intercepts for each benchmark, and a model trained from scratch on a benchmark always has that
 * benchmark's training-set size, so among such rows ln D is constant and the intercept absorbs it.
 * β_data — and with it g_D = β_year/β_data (§5.1) — is learned from the rows whose D differs from
 * their benchmark's usual one. Counts them per benchmark (the modal D is the most frequent value,
 * the smallest on ties) and gives the within-benchmark share of the variance of ln D:
 * Σ_b Σ_{i∈b} (ln D_i − mean_b)² / Σ_i (ln D_i − mean)² (0 when D is a function of the benchmark).
 *
 * @example
 * const support = dataSizeSupport(loadEvaluations("data/lm_evaluations.csv").head);
 * support; // → { rows: 226, offModal: 55, offModalZeroShot: 30, withinShare: 0.638 }
 * support.byBenchmark[0]; // → { benchmark: "wt103", rows: 107, modalD: 103227021, offModal: 32 }
 */
export function dataSizeSupport(rows: EvalRow[]): DataSizeSupport {
  const groups = new Map<Benchmark, EvalRow[]>();
  for (const r of rows) groups.set(r.benchmark, [...(groups.get(r.benchmark) ?? []), r]);
  const lnD = rows.map((r) => Math.log(r.dataset));
  const mean = lnD.reduce((a, b) => a + b, 0) / (rows.length || 1);
  const total = lnD.reduce((a, x) => a + (x - mean) ** 2, 0);
  let within = 0;
  const byBenchmark: DataSizeSupport["byBenchmark"] = [];
  for (const benchmark of (["wt103", "wt2", "ptb"] as const).filter((b) => groups.has(b))) {
    const rs = groups.get(benchmark)!;
    const counts = new Map<number, number>();
    for (const r of rs) counts.set(r.dataset, (counts.get(r.dataset) ?? 0) + 1);
    const modalD = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    const l = rs.map((r) => Math.log(r.dataset));
    const m = l.reduce((a, b) => a + b, 0) / l.length;
    within += l.reduce((a, x) => a + (x - m) ** 2, 0);
    byBenchmark.push({ benchmark, rows: rs.length, modalD, offModal: rs.filter((r) => r.dataset !== modalD).length });
  }
  return {
    rows: rows.length,
    offModal: byBenchmark.reduce((a, b) => a + b.offModal, 0),
    offModalZeroShot: rows.filter(
      (r) => r.zeroShot === true && r.dataset !== byBenchmark.find((b) => b.benchmark === r.benchmark)!.modalD,
    ).length,
    withinShare: total > 0 ? within / total : 0,
    byBenchmark,
  };
}

/** A model that the data cannot identify (too few rows, or a slope whose covariate never varies). */
export class IdentificationError extends Error {}

/** Slopes whose covariate must vary across rows: the date trends, the size exponents, compute. */
const SLOPES = /^(alpha|beta)_(year|param|data|compute)$/;

/**
 * Why a design cannot identify its model (docs/method.md §3.5), or an empty list: fewer rows than
 * parameters, or a date trend, size exponent or compute exponent whose covariate (τ, ln N, ln D,
 * ln C) takes one value on every row (then it is confounded with the intercept: every row on one
 * publication date leaves α_year and β_year undetermined, and a halving time from them is noise).
 * `rows`: the sample's size when it is not the design's (a resample's, `rowFitter`); `over`: the
 * design's rows the sample takes, when not all (the covariates must vary over them).
 */
export function identificationProblems(design: Design, rows = design.m, over?: ArrayLike<number>): string[] {
  const problems: string[] = [];
  if (rows < design.p)
    problems.push(`model ${design.spec.id} has ${design.p} parameters but the sample has ${rows} rows`);
  const what: Record<string, string> = {
    year: "publication date",
    param: "parameter count",
    data: "dataset size",
    compute: "training compute",
  };
  design.cols.forEach((cols, k) => {
    cols.forEach((j, a) => {
      const name = design.spec.params[j];
      const m = SLOPES.exec(name);
      const n = over ? over.length : design.m;
      if (!m || n === 0) return;
      const X = design.terms[k].subarray(a * design.m, (a + 1) * design.m);
      let lo = Infinity;
      let hi = -Infinity;
      for (let q = 0; q < n; q++) {
        const x = X[over ? over[q] : q];
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
        // Once the range is not 0 it never is again (NaN included): a fold's answer after two rows.
        if (hi - lo !== 0) break;
      }
      if (hi - lo === 0) problems.push(`${name} is not identified: every row has the same ${what[m[2]]}`);
    });
  });
  return [...new Set(problems)];
}
