import type { Normalisation } from "../fit/data.js";
import { equalSplitCeg, optimalCeg } from "../attribution/transformer.js";
import { pointPredictor } from "../progress/doubling.js";
import { interval95 } from "../stats/percentile.js";
import { frozen } from "../util/frozen.js";

/** Compute budgets (FLOP) of the scale-dependence analysis: 1e17 to 1e25 in steps of 10^0.5. */
export const GAIN_BUDGETS = frozen(Array.from({ length: 17 }, (_, i) => 10 ** (17 + i / 2)));

/** The transformer's compute-equivalent gain at one budget, over a fit's bootstrap replicates. */
export interface GainAtScale {
  /** Budget, FLOP. */
  C: number;
  /** Equal-split CEG (§5.7): median and 95 % band over replicates, and the value at the estimate. */
  estimate: number;
  median: number;
  low: number;
  high: number;
  /** Compute-optimal CEG at the estimate (§5.7 recommended addition). */
  optimalEstimate: number;
  /** Replicates with no CEG in the search bracket (counted, not summarised). */
  nonFinite: number;
}

/**
 * The transformer's compute-equivalent gain as a function of the compute budget (docs/method.md
 * §10.5, after Gundlach et al. 2025): the equal-split CEG of §5.7 on WikiText-103 in `year` at every
 * budget in `budgets`, at the estimate `theta` and over bootstrap replicates `replicates`, for an
 * architecture-specific model (model 13 or a `+gammaT` model). A gain measured at one scale is a
 * different number at another when the transformer changes the scaling exponents.
 *
 * @example
 * const spec = { modelId: "13", fit: { estimator: "faithful", delta: 0.0025 }, norm, numerical: false } as const;
 * const reps = (await bootstrap(data, spec, { B: 5, seed: 0, threads: 1 })).replicates.map((r) => r.theta);
 * const rows = gainByScale("13", fitModel("13", data, norm, spec.fit).theta, reps, norm, [1e21, 1e25]);
 * rows[0]; // { C: 1e21, estimate, median, low, high, optimalEstimate, nonFinite }: B = 5 here, for speed
 */
export function gainByScale(
  modelId: string,
  theta: ArrayLike<number>,
  replicates: ArrayLike<number>[],
  norm: Normalisation,
  budgets: number[] = GAIN_BUDGETS,
  year = 2023,
): GainAtScale[] {
  const laws = (th: ArrayLike<number>) => {
    const fT = pointPredictor(modelId, th, norm, { benchmark: "wt103", transformer: 1 });
    const fNT = pointPredictor(modelId, th, norm, { benchmark: "wt103", transformer: 0 });
    return { T: (N: number, D: number) => fT(N, D, year), NT: (N: number, D: number) => fNT(N, D, year) };
  };
  const at = laws(theta);
  const reps = replicates.map(laws);
  return budgets.map((C) => {
    const s = interval95(reps.map((l) => equalSplitCeg(l.T, l.NT, C)));
    return {
      C,
      estimate: equalSplitCeg(at.T, at.NT, C),
      median: s.p50,
      low: s.p2_5,
      high: s.p97_5,
      optimalEstimate: optimalCeg(at.T, at.NT, C),
      nonFinite: s.nonFinite,
    };
  });
}

/** What the curve says in words' terms: where the gain crosses 1 and how many orders of magnitude it spans. */
export interface GainScaleSummary {
  /** Budgets between which the estimate crosses CEG = 1 (the transformer stops being a gain). */
  crossings: number[];
  /** log10 of the largest over the smallest estimate across the budgets. */
  ordersOfMagnitude: number;
  /** Budgets whose 95 % band contains 1 (no gain identified there). */
  bandIncludesOne: number[];
}

/**
 * Summarise `gainByScale`: sign changes (CEG crossing 1, geometric interpolation) and the span in orders of magnitude.
 *
 * @example
 * const spec = { modelId: "13", fit: { estimator: "faithful", delta: 0.0025 }, norm, numerical: false } as const;
 * const reps = (await bootstrap(data, spec, { B: 5, seed: 0, threads: 1 })).replicates.map((r) => r.theta);
 * const rows = gainByScale("13", fitModel("13", data, norm, spec.fit).theta, reps, norm); // 1e17 to 1e25 FLOP
 * summariseGainByScale(rows); // { crossings, ordersOfMagnitude, bandIncludesOne }
 */
export function summariseGainByScale(rows: GainAtScale[]): GainScaleSummary {
  const ok = rows.filter((r) => Number.isFinite(r.estimate) && r.estimate > 0);
  const crossings: number[] = [];
  for (let i = 1; i < ok.length; i++) {
    const [a, b] = [Math.log(ok[i - 1].estimate), Math.log(ok[i].estimate)];
    if (a === 0 || a * b < 0) {
      const f = a === 0 ? 0 : a / (a - b);
      crossings.push(Math.exp(Math.log(ok[i - 1].C) + f * (Math.log(ok[i].C) - Math.log(ok[i - 1].C))));
    }
  }
  const est = ok.map((r) => r.estimate);
  return {
    crossings,
    ordersOfMagnitude: est.length ? Math.log10(Math.max(...est) / Math.min(...est)) : 0,
    bandIncludesOne: rows.filter((r) => r.low <= 1 && r.high >= 1).map((r) => r.C),
  };
}
