import { model } from "../fit/models.js";
import { interval95 } from "../stats/percentile.js";
import { doublingTimes } from "./doubling.js";

/** 2.5 / 50 / 97.5 percentiles (type 7) of the finite values, with counts (§4.1 step 4). */
export interface Percentiles {
  p2_5: number;
  p50: number;
  p97_5: number;
  /** Finite values summarised. */
  n: number;
  /** Values that were NaN or ±∞ (undefined doubling time), excluded and counted. */
  nonFinite: number;
}

/** Bootstrap summary of the doubling times of one context (§5.1), in years. */
export interface DoublingSummary {
  label: string;
  TN: Percentiles;
  TD: Percentiles;
  TC: Percentiles;
  /** Share of replicates with g_N + g_D ≤ 0 (no or negative progress; §5.1 "sign issues"). */
  nonPositiveShare: number;
}

/**
 * Percentile intervals of the analytic doubling times T_N, T_D, T_C (years) over bootstrap
 * replicates (§4.1 step 4, §5.1): per context of the model (benchmark, architecture, pre/post),
 * over the raw signed values as the authors did, plus the share of replicates whose total
 * growth rate is not positive. `thetas` are replicate parameter vectors in the model's order.
 * The central value is the bootstrap median, not the value at the full-sample estimate.
 */
export function doublingIntervals(modelId: string, thetas: ReadonlyArray<ArrayLike<number>>): DoublingSummary[] {
  const names = model(modelId).params;
  const perRep = thetas.map((th) => doublingTimes(modelId, Object.fromEntries(names.map((n, j) => [n, th[j]]))));
  const labels = perRep.find((d) => d.length)?.map((d) => d.label) ?? [];
  return labels.map((label, c) => {
    const pick = (f: "TN" | "TD" | "TC") => perRep.map((d) => d[c]?.[f] ?? NaN);
    const tc = pick("TC");
    // T_C = ln 2/(g_N + g_D): the total growth is not positive exactly when T_C ≤ 0 (or undefined at 0).
    const nonPositive = tc.filter((x) => !(x > 0) || x === Infinity).length;
    return {
      label,
      TN: interval95(pick("TN")),
      TD: interval95(pick("TD")),
      TC: interval95(tc),
      nonPositiveShare: thetas.length ? nonPositive / thetas.length : NaN,
    };
  });
}

/**
 * Percentile interval of the numerical optimal-scaling doubling time Δ (years, §5.2) over
 * replicates, pooling the per-benchmark values of models 4/5/6/10/11 (§5.2 step 4). NaN values
 * (no root in [−100, 100]) are excluded and counted.
 */
export function numericalInterval(perReplicate: ReadonlyArray<ArrayLike<number>>): Percentiles {
  return interval95(perReplicate.flatMap((v) => Array.from(v)));
}
