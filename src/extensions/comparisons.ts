import type { EvalRow, Benchmark } from "../data/types.js";
import { brentRoot } from "../numeric/scalar.js";
import { optimalAllocation } from "../progress/doubling.js";
import { type Point, bootstrapCeg, cegCurve, overlapLevels } from "./frontier-ceg.js";
import { frozen } from "../util/frozen.js";

/** Period bins of §7.2. */
export const PERIODS: [number, number][] = frozen([
  [2012, 2016],
  [2016, 2018],
  [2018, 2020],
  [2020, 2024],
]);

/** One frontier comparison's result (§7.2). */
export interface FrontierComparison {
  benchmark: Benchmark;
  label: string;
  nA: number;
  nB: number;
  /** Why it was skipped (fewer than 5 rows in a group, no overlap), or null. */
  skipped: string | null;
  levels: number[];
  ceg: number[];
  geomean: number;
  median: number;
  min: number;
  max: number;
  halvingYears: number;
  boot?: ReturnType<typeof bootstrapCeg>;
  /** Median dates of the groups' frontier points (for the model-based counterpart). */
  tA: number;
  tB: number;
}

/** Training compute of a row (§7.2): 6ND (primary), 6NDE with missing epochs as 1, or the reported figure. */
export type ComputeMeasure = "6ND" | "6NDE" | "reported";

function computeOf(r: EvalRow, measure: ComputeMeasure): number {
  if (measure === "reported") return r.trainingCompute ?? NaN;
  return 6 * r.param * r.dataset * (measure === "6NDE" ? (r.epoch ?? 1) : 1);
}
const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/**
 * Compute-equivalent gains between compute-efficient frontiers (§7.2) for every benchmark:
 * each period against the previous one and against the first, and transformers against
 * non-transformers (all years and 2017–2020 only). Uses each row's own-benchmark perplexity and
 * C = 6ND; a comparison is skipped (and says why) when a group has fewer than 5 rows or the
 * frontiers do not overlap.
 *
 * @example
 * const { full } = loadEvaluations("data/lm_evaluations.csv");
 * const cs = frontierComparisons(full, { B: 10, seed: 0 }); // B: 10 for speed
 * // the comparisons with at least 5 rows a group and overlapping frontiers: geometric-mean CEG
 * cs.filter((c) => !c.skipped).map((c) => `${c.benchmark} ${c.label}: ×${c.geomean.toFixed(1)}`);
 */
export function frontierComparisons(
  rows: EvalRow[],
  opts: { B: number; seed: number; kind?: "step" | "interpolated"; compute?: ComputeMeasure },
): FrontierComparison[] {
  const out: FrontierComparison[] = [];
  const measure = opts.compute ?? "6ND";
  // Rows without a value of the chosen compute measure (e.g. no reported compute) cannot be placed.
  const toPoint = (r: EvalRow): Point => ({ C: computeOf(r, measure), y: Math.log(r.pplOwn), t: r.t });
  rows = rows.filter((r) => Number.isFinite(computeOf(r, measure)) && computeOf(r, measure) > 0);
  const benches: Benchmark[] = ["wt103", "wt2", "ptb"];
  for (const benchmark of benches) {
    const rs = rows.filter((r) => r.benchmark === benchmark);
    const inPeriod = (p: [number, number]) => rs.filter((r) => r.t >= p[0] && r.t < p[1]);
    const groups: [string, EvalRow[], EvalRow[]][] = [];
    PERIODS.forEach((p, i) => {
      if (i > 0)
        groups.push([
          `${PERIODS[i - 1][0]}–${PERIODS[i - 1][1]} → ${p[0]}–${p[1]}`,
          inPeriod(PERIODS[i - 1]),
          inPeriod(p),
        ]);
      if (i > 1)
        groups.push([`${PERIODS[0][0]}–${PERIODS[0][1]} → ${p[0]}–${p[1]}`, inPeriod(PERIODS[0]), inPeriod(p)]);
    });
    groups.push([
      "non-transformer → transformer (all years)",
      rs.filter((r) => !r.transformer),
      rs.filter((r) => r.transformer),
    ]);
    const mid = rs.filter((r) => r.t >= 2017 && r.t < 2021);
    groups.push([
      "non-transformer → transformer (2017–2020)",
      mid.filter((r) => !r.transformer),
      mid.filter((r) => r.transformer),
    ]);
    for (const [label, ga, gb] of groups) {
      const a = ga.map(toPoint);
      const b = gb.map(toPoint);
      const base = {
        benchmark,
        label,
        nA: a.length,
        nB: b.length,
        levels: [] as number[],
        ceg: [] as number[],
        geomean: NaN,
        median: NaN,
        min: NaN,
        max: NaN,
        halvingYears: NaN,
        tA: med(a.map((p) => p.t)),
        tB: med(b.map((p) => p.t)),
      };
      if (a.length < 5 || b.length < 5) {
        out.push({ ...base, skipped: `fewer than 5 rows in a group (${a.length}, ${b.length})` });
        continue;
      }
      const levels = overlapLevels(a, b, 25);
      if (levels.length === 0) {
        out.push({ ...base, skipped: "the frontiers' perplexity ranges do not overlap" });
        continue;
      }
      const c = cegCurve(a, b, levels, opts.kind ?? "step");
      out.push({
        ...base,
        ...c,
        skipped: null,
        boot: bootstrapCeg(a, b, levels, opts.B, opts.seed, opts.kind ?? "step"),
      });
    }
  }
  return out;
}

/**
 * Model-based CEG(ℓ) between architectures (§7.2): with compute-optimal splits at date `t`, the
 * compute each architecture needs to reach log-perplexity ℓ, C_NT(ℓ)/C_T(ℓ), on the given levels.
 * `lawT`/`lawNT` give ŷ(N, D, t) for transformers and non-transformers (transformer-γ or model 13).
 *
 * @example
 * const fitT = fitModel("7+gammaT", data, norm, { estimator: "faithful", delta: 0.0025 });
 * const law = (T: 0 | 1) => pointPredictor("7+gammaT", fitT.theta, norm, { benchmark: "wt103", transformer: T });
 * // C_NT/C_T at ln perplexity 3 and 3.5 in 2019: one value at every level, as σ(γ_T) scales the whole ŷ
 * modelCegCurve(law(1), law(0), 2019, [3, 3.5]);
 */
export function modelCegCurve(
  lawT: (N: number, D: number, t: number) => number,
  lawNT: (N: number, D: number, t: number) => number,
  t: number,
  levels: number[],
): number[] {
  const needed = (law: typeof lawT, level: number) => {
    const r = brentRoot(
      (lnC) => optimalAllocation(law, Math.exp(lnC), t).loss - level,
      Math.log(1e10),
      Math.log(1e35),
      1e-9,
    );
    return r.converged ? Math.exp(r.root) : NaN;
  };
  return levels.map((l) => needed(lawNT, l) / needed(lawT, l));
}
