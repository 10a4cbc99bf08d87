import type { Normalisation } from "../fit/data.js";
import { type PointCovariates, model, pointEvaluator } from "../fit/models.js";
import { brentRoot, goldenMin } from "../numeric/scalar.js";
import type { Benchmark } from "../data/types.js";

const LN2 = Math.log(2);

/** Where a doubling time applies: a benchmark, an architecture, or a period of the year-dummy model. */
export interface DoublingContext {
  benchmark: Benchmark;
  transformer: 0 | 1;
  /** Post-split period of the year-dummy variant. */
  post: boolean;
}

/** Doubling times in years (§5.1): of effective parameters, effective data and effective compute. */
export interface DoublingTimes {
  label: string;
  /** T_N = ln 2·α_param/α_year (NaN when the model has no parameter-efficiency trend). */
  TN: number;
  /** T_D = ln 2·β_data/β_year (NaN when the model has no data-efficiency trend). */
  TD: number;
  /** T_C = ln 2/(g_N + g_D), the halving time of required compute. */
  TC: number;
}

/**
 * Annual growth rates of effective parameters and data, g_N = α_year/α_param and g_D = β_year/β_data,
 * for one context (docs/method.md §2.1, §5.1), reading benchmark-, architecture- and period-specific
 * coefficients where the model has them. Returns null for models without a closed form
 * (14/15: numerical only; 16/17: no progress term).
 */
export function growthRates(
  modelId: string,
  p: Record<string, number>,
  ctx: DoublingContext,
): { gN: number; gD: number } | null {
  const spec = model(modelId);
  const baseId = baseModelId(modelId);
  if (spec.family === "time-varying" || spec.family === "no-progress") return null;
  const b = ctx.benchmark === "wt103" ? null : ctx.benchmark;
  const coef = (name: string) => (name in p ? p[name] + (b && `${name}_${b}` in p ? p[`${name}_${b}`] : 0) : NaN);
  if (spec.family === "compute-only") return { gN: p.alpha_year / p.alpha_compute, gD: 0 };
  const dummy = ctx.post ? 1 : 0;
  const aYear = coef("alpha_year") + dummy * (p.alpha_year_dummy ?? 0);
  // Model 12 shares one time trend across both terms.
  const bYear = (baseId === "12" ? p.alpha_year : coef("beta_year")) + dummy * (p.beta_year_dummy ?? 0);
  const aParam = ctx.transformer && "alpha_param_t" in p ? p.alpha_param_t : coef("alpha_param");
  const bData = ctx.transformer && "beta_data_t" in p ? p.beta_data_t : coef("beta_data");
  return { gN: Number.isNaN(aYear) ? 0 : aYear / aParam, gD: Number.isNaN(bYear) ? 0 : bYear / bData };
}

/** The model a transformer-γ variant wraps ("7+gammaT" → "7"); other ids unchanged. */
function baseModelId(modelId: string): string {
  return modelId.replace(/\+gammaT$/, "");
}

/** Models whose doubling times differ by benchmark (§5.1 table; §5.2 step 4). */
const PER_BENCHMARK = ["4", "5", "6", "10", "11"];

/** The contexts in which a model has distinct doubling times (§5.1 table). */
export function doublingContexts(modelId: string): { label: string; ctx: DoublingContext }[] {
  const base: DoublingContext = { benchmark: "wt103", transformer: 0, post: false };
  modelId = baseModelId(modelId);
  if (PER_BENCHMARK.includes(modelId)) {
    return (["wt103", "ptb", "wt2"] as Benchmark[]).map((b) => ({ label: b, ctx: { ...base, benchmark: b } }));
  }
  if (modelId === "13")
    return [
      { label: "non-transformer", ctx: base },
      { label: "transformer", ctx: { ...base, transformer: 1 } },
    ];
  if (/yeardummy/.test(modelId))
    return [
      { label: "pre-split", ctx: base },
      { label: "post-split", ctx: { ...base, post: true } },
    ];
  return [{ label: "all", ctx: base }];
}

/**
 * Analytic doubling times (years) of a parameter vector, one entry per context (§5.1).
 *
 * @example
 * // In years; α_year < 0 in this fit, so T_N (the parameter term's) is negative.
 * doublingTimes("7", namedParams(fit)); // → [{ label: "all", TN: -6.247, TD: 0.635, TC: 0.706 }]
 */
export function doublingTimes(modelId: string, p: Record<string, number>): DoublingTimes[] {
  const family = model(modelId).family;
  const hasA = "alpha_year" in p && family === "two-term";
  const hasB = ("beta_year" in p || baseModelId(modelId) === "12") && family === "two-term";
  return doublingContexts(modelId).flatMap(({ label, ctx }) => {
    const g = growthRates(modelId, p, ctx);
    if (!g) return [];
    return [{ label, TN: hasA ? LN2 / g.gN : NaN, TD: hasB ? LN2 / g.gD : NaN, TC: LN2 / (g.gN + g.gD) }];
  });
}

/**
 * A predictor of ŷ (ln perplexity) at a single point (N, D, t) for a fitted model on one
 * benchmark and architecture (epochs 1, vocabulary imputed per §5.11), for the searches of §5.2.
 *
 * @example
 * const f = pointPredictor("7", theta, norm, { benchmark: "wt103", transformer: 0 });
 * Math.exp(f(1e9, 1e10, 2023)); // → 13.85
 * Math.exp(f(1e9, 1e10, 2024)); // → 13.45
 */
export function pointPredictor(
  modelId: string,
  theta: ArrayLike<number>,
  norm: Normalisation,
  at: { benchmark: Benchmark; transformer: 0 | 1 },
) {
  const f = pointEvaluator(model(modelId), theta, norm);
  // One point, overwritten at each call (the §5.2 searches evaluate thousands per fit).
  const x: PointCovariates = {
    N: 0,
    D: 0,
    t: 0,
    P: at.benchmark === "ptb" ? 1 : 0,
    W: at.benchmark === "wt2" ? 1 : 0,
    T: at.transformer,
  };
  return (N: number, D: number, t: number) => {
    x.N = N;
    x.D = D;
    x.t = t;
    return f(x);
  };
}

/**
 * Compute-optimal split of budget C = 6ND at date t: minimise ŷ over x = ln N with D = C/(6e^x),
 * x ∈ [ln 1e3, ln(C/6) − ln 1e3] (§5.2 step 1). Returns N*, D* and the optimal ŷ.
 */
export function optimalAllocation(
  f: (N: number, D: number, t: number) => number,
  C: number,
  t: number,
): { N: number; D: number; loss: number } {
  const { x, fx } = goldenMin(
    (x) => f(Math.exp(x), C / (6 * Math.exp(x)), t),
    Math.log(1e3),
    Math.log(C / 6) - Math.log(1e3),
    1e-10,
  );
  return { N: Math.exp(x), D: C / (6 * Math.exp(x)), loss: fx };
}

/**
 * Numerical "optimal-scaling" doubling time Δ (years, §5.2): the years of algorithmic progress
 * that equal doubling compute at the compute-optimal allocation, at budget C1 (1e25 FLOP) in year
 * tRef (2023): the root of ŷ(N1*, D1*, tRef + Δ) − L*(2C) nearest 0 in [−100, 100] (the
 * authors' Brent search started at the bracket 0..1); NaN when there is none.
 */
export function numericalDoubling(
  f: (N: number, D: number, t: number) => number,
  opts: { C?: number; tRef?: number } = {},
): number {
  const C = opts.C ?? 1e25;
  const tRef = opts.tRef ?? 2023;
  const one = optimalAllocation(f, C, tRef);
  const two = optimalAllocation(f, 2 * C, tRef);
  return rootNearestZero((delta) => f(one.N, one.D, tRef + delta) - two.loss, 100);
}

/**
 * The root of g nearest to 0 within [−limit, limit]: scan outwards on both sides with geometrically
 * growing steps for the first sign change, then refine with Brent. Unlike one bracket over the
 * whole range, this finds the root when g changes sign twice (e.g. a negative α_year makes the
 * parameter term grow with time, so g > 0 at both ends). NaN when no sign change is found.
 */
export function rootNearestZero(g: (x: number) => number, limit: number): number {
  const g0 = g(0);
  if (g0 === 0) return 0;
  const found: number[] = [];
  for (const dir of [1, -1]) {
    let a = 0;
    let ga = g0;
    for (let h = 0.01; Math.abs(a) < limit; h *= 1.25) {
      const b = dir * Math.min(Math.abs(a) + h, limit);
      const gb = g(b);
      if (Number.isFinite(gb) && Number.isFinite(ga) && ga * gb <= 0) {
        const r = brentRoot(g, Math.min(a, b), Math.max(a, b), 1e-12);
        if (r.converged) found.push(r.root);
        break;
      }
      a = b;
      ga = gb;
    }
  }
  if (found.length === 0) return NaN;
  return found.reduce((best, x) => (Math.abs(x) < Math.abs(best) ? x : best));
}

/**
 * Numerical doubling times of a fitted model: one per benchmark for the benchmark-specific models
 * 4/5/6/10/11 (pooled by the caller, §5.2 step 4), else one on WT103; T = 1 for models 13/17.
 *
 * @example
 * numericalDoublings("7", theta, norm); // → [0.717]
 */
export function numericalDoublings(
  modelId: string,
  theta: ArrayLike<number>,
  norm: Normalisation,
  opts: { C?: number; tRef?: number } = {},
): number[] {
  const base = baseModelId(modelId);
  const benches: Benchmark[] = PER_BENCHMARK.includes(base) ? ["wt103", "ptb", "wt2"] : ["wt103"];
  const transformer: 0 | 1 = base === "13" || base === "17" ? 1 : 0;
  return benches.map((benchmark) =>
    numericalDoubling(pointPredictor(modelId, theta, norm, { benchmark, transformer }), opts),
  );
}

/**
 * Closed-form Δ for any two-power-term model (§5.2): solves β·e^(−α_year·Δ) + α·e^(−β_year·Δ)
 * = (α + β)·2^(−α_C), α_C = αβ/(α + β); independent of C, date, benchmark and normalisation.
 */
export function closedFormDoubling(alpha: number, beta: number, alphaYear: number, betaYear: number): number {
  const aC = computeOptimalExponent(alpha, beta);
  const rhs = (alpha + beta) * 2 ** -aC;
  const r = brentRoot((d) => beta * Math.exp(-alphaYear * d) + alpha * Math.exp(-betaYear * d) - rhs, -100, 100, 1e-14);
  return r.root;
}

/**
 * Exponent of loss in compute along the compute-optimal frontier of a two-power-term law,
 * α_C = αβ/(α + β) (§5.2, §7.1): L*(2C) = L*(C)·2^(−α_C). Dimensionless.
 */
export function computeOptimalExponent(alpha: number, beta: number): number {
  return (alpha * beta) / (alpha + beta);
}
