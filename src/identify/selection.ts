import { type FitData, type Normalisation, normalisationOf } from "../fit/data.js";
import { type FitOptions, fitEstimate } from "../fit/estimators.js";
import { buildDesign, model, predict } from "../fit/models.js";
import { mt19937 } from "../random/mt19937.js";
import { interval95 } from "../stats/percentile.js";
import { halvingMonths } from "../util/units.js";

/** Options of `selectionBias`. */
export interface SelectionBiasOptions {
  /** Correlations ρ between latent algorithmic quality and the compute a lab chose (each in [−1, 1]). */
  correlations: number[];
  /** Simulated datasets per correlation. */
  replicates: number;
  /** Effect of one standard deviation of quality: N and D act as e^s times larger. */
  qualityScale: number;
  /** Standard deviation of the noise on ln perplexity. */
  sigma: number;
  seed: number;
  fit: FitOptions;
}

/** The estimator's halving times over the datasets simulated at one correlation. */
export interface SelectionBiasRow {
  correlation: number;
  /** The halving time the data were simulated with (months). */
  trueMonths: number;
  /** Median, 2.5 and 97.5 percentiles of the estimated halving times (months). */
  median: number;
  low: number;
  high: number;
  /** median − true (months). */
  bias: number;
  /** Datasets whose fit or halving time was not finite (counted, not summarised). */
  failed: number;
}

/**
 * Selection-bias simulation (docs/method.md §10.4, after Whitfill 2025): datasets with the embedded
 * data's dates, sizes and benchmarks, whose perplexities come from model 7 at `truth` with a
 * latent algorithmic quality q that the estimator does not see. q makes a model act as if it had
 * e^{s·q} times its parameters and data, and correlates at ρ with the compute the lab chose
 * (q = ρ·z + √(1 − ρ²)·e, z the standardised residual of ln(N·D) on the date). Each replicate
 * fits model 7 to the observed N and D and reports its halving time; the same draws serve every
 * ρ (common random numbers), so differences between rows are the correlation's doing.
 *
 * @example
 * const o = { correlations: [0, 0.5], replicates: 5, qualityScale: 0.5, sigma: 0.1, seed: 1 }; // 5 datasets, for speed
 * const rows = selectionBias(data, theta, { ...o, fit: { estimator: "faithful", delta: 0.0025 } });
 * rows.map((r) => r.bias); // e.g. [1.3, 6.3]: median − true halving time (months) at ρ = 0 and at ρ = 0.5
 */
export function selectionBias(data: FitData, truth: ArrayLike<number>, o: SelectionBiasOptions): SelectionBiasRow[] {
  const spec = model("7");
  const [ay, ap, by, bd] = ["alpha_year", "alpha_param", "beta_year", "beta_data"].map((n) => spec.params.indexOf(n));
  const halving = (th: ArrayLike<number>) => halvingMonths(th[ay] / th[ap] + th[by] / th[bd]);
  const trueMonths = halving(truth);
  const norm: Normalisation = normalisationOf(data);
  const observed = buildDesign(spec, data, norm);
  const z = computeResidual(data);
  const g = mt19937(o.seed);
  const draws = Array.from({ length: o.replicates }, () => ({
    e: Float64Array.from({ length: data.m }, () => g.normal()),
    noise: Float64Array.from({ length: data.m }, () => g.normal()),
  }));
  return o.correlations.map((rho) => {
    if (!(rho >= -1 && rho <= 1)) throw new RangeError(`selectionBias: correlation ${rho} is not in [−1, 1]`);
    const months = draws.map(({ e, noise }) => {
      const q = Float64Array.from(z, (zi, i) => rho * zi + Math.sqrt(1 - rho * rho) * e[i]);
      const lift = Float64Array.from(q, (qi) => Math.exp(o.qualityScale * qi));
      const effective: FitData = {
        ...data,
        N: Float64Array.from(data.N, (n, i) => n * lift[i]),
        D: Float64Array.from(data.D, (d, i) => d * lift[i]),
      };
      const mean = predict(buildDesign(spec, effective, norm), truth);
      const y = Float64Array.from(mean, (v, i) => v + o.sigma * noise[i]);
      const r = fitEstimate(observed, y, o.fit);
      return Number.isFinite(r.objective) ? halving(r.theta) : NaN;
    });
    const s = interval95(months);
    return {
      correlation: rho,
      trueMonths,
      median: s.p50,
      low: s.p2_5,
      high: s.p97_5,
      bias: s.p50 - trueMonths,
      failed: s.nonFinite,
    };
  });
}

/** Standardised residuals of ln(N·D) regressed on the date: the part of a lab's compute its date does not explain. */
function computeResidual(d: FitData): Float64Array {
  const x = d.t;
  const v = Float64Array.from(d.N, (n, i) => Math.log(n * d.D[i]));
  const mx = x.reduce((a, b) => a + b, 0) / d.m;
  const mv = v.reduce((a, b) => a + b, 0) / d.m;
  let sxx = 0;
  let sxv = 0;
  for (let i = 0; i < d.m; i++) {
    sxx += (x[i] - mx) ** 2;
    sxv += (x[i] - mx) * (v[i] - mv);
  }
  const slope = sxx > 0 ? sxv / sxx : 0;
  const r = Float64Array.from(v, (vi, i) => vi - mv - slope * (x[i] - mx));
  const sd = Math.sqrt(r.reduce((a, b) => a + b * b, 0) / d.m);
  return sd > 0 ? r.map((ri) => ri / sd) : r;
}
