import { fixed, withInterval } from "../util/format.js";

/**
 * Percentile by linear interpolation between order statistics (Hyndman–Fan type 7, NumPy's
 * default), docs/method.md §4.1. `p` in [0, 100]. NaN values are not allowed (filter them first and
 * report how many there were).
 *
 * @example
 * percentile([1, 2, 3, 4], 25); // → 1.75
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  const xs = Float64Array.from(values).sort();
  if (xs.length === 0) return NaN;
  if (xs.some(Number.isNaN)) throw new Error("percentile: NaN in values (filter and count them first)");
  const h = ((xs.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}

/**
 * The 2.5 / 50 / 97.5 percentiles (95 % interval and median) of finite values, and how many were not finite.
 *
 * @example
 * interval95([1, 2, 3, 4, Infinity]); // → { p2_5: 1.075, p50: 2.5, p97_5: 3.925, n: 4, nonFinite: 1 }
 */
export function interval95(values: ArrayLike<number>): {
  p2_5: number;
  p50: number;
  p97_5: number;
  n: number;
  nonFinite: number;
} {
  const all = Array.from(values);
  const ok = all.filter(Number.isFinite);
  return {
    p2_5: percentile(ok, 2.5),
    p50: percentile(ok, 50),
    p97_5: percentile(ok, 97.5),
    n: ok.length,
    nonFinite: all.length - ok.length,
  };
}

/** Population standard deviation (divide by n), the authors' "SE" of bootstrap replicates (§4.1). */
export function populationSd(values: ArrayLike<number>): number {
  const xs = Array.from(values);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
}

/**
 * A median and 95 % interval as text, "8.4 (5.1–13.9)", for tables and prose. When no value was
 * finite (the median is NaN) it says so instead of printing NaN.
 *
 * @example
 * medianIntervalText(interval95(boot.replicates.map((r) => 12 * r.TC))); // → "9.3 (3.8–14.9)"
 */
export function medianIntervalText(ci: { p2_5: number; p50: number; p97_5: number }, digits = 1): string {
  if (!Number.isFinite(ci.p50)) return "not defined (no replicate gives a finite value)";
  return withInterval(ci.p50, ci.p2_5, ci.p97_5, (x) => fixed(x, digits));
}
