import { median } from "simple-statistics";
import { interval95 } from "../stats/percentile.js";
import { mt19937 } from "../random/mt19937.js";

/** One evaluation for the frontier analysis: compute C (FLOP), log-perplexity y, date t. */
export interface Point {
  C: number;
  y: number;
  t: number;
}

/**
 * Compute-efficient frontier (docs/method.md §7.2 step 1): sort by C (ties: lower y first) and keep a
 * point iff its y is strictly below every kept y so far. Returns c₁ < … < c_K, y₁ > … > y_K.
 *
 * @example
 * // the point at C = 2 is dominated: more compute than the first for a worse log-perplexity
 * const pts = [{ C: 1, y: 3, t: 2015 }, { C: 2, y: 3.5, t: 2016 }, { C: 4, y: 2, t: 2017 }];
 * paretoFrontier(pts).map((p) => p.C); // → [1, 4]
 */
export function paretoFrontier(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.C - b.C || a.y - b.y);
  const out: Point[] = [];
  for (const p of sorted) if (out.length === 0 || p.y < out[out.length - 1].y) out.push(p);
  return out;
}

/**
 * Compute needed to reach log-perplexity ℓ on a frontier (§7.2 step 2): `step` = compute of the
 * first frontier point with y ≤ ℓ; `interpolated` = linear in log10 C between neighbouring points.
 * NaN outside [y_K, y_1].
 */
export function frontierCompute(f: Point[], level: number, kind: "step" | "interpolated" = "step"): number {
  if (f.length === 0 || level < f[f.length - 1].y || level > f[0].y) return NaN;
  const k = f.findIndex((p) => p.y <= level);
  if (kind === "step" || k === 0 || f[k].y === level) return f[k].C;
  const a = f[k - 1];
  const b = f[k];
  const w = (a.y - level) / (a.y - b.y);
  return 10 ** (Math.log10(a.C) + w * (Math.log10(b.C) - Math.log10(a.C)));
}

/** The overlap of two frontiers' perplexity ranges, [max y_K, min y_1], or null when empty (§7.2 step 3). */
export function overlap(a: Point[], b: Point[]): [number, number] | null {
  if (!a.length || !b.length) return null;
  const lo = Math.max(a[a.length - 1].y, b[b.length - 1].y);
  const hi = Math.min(a[0].y, b[0].y);
  return lo <= hi ? [lo, hi] : null;
}

/** CEG(ℓ) = C_A(ℓ)/C_B(ℓ) on a grid of levels, with summaries (§7.2 step 4–5). */
export interface CegCurve {
  levels: number[];
  ceg: number[];
  median: number;
  geomean: number;
  min: number;
  max: number;
  /** Halving time (years) Δt·ln 2/ln(geometric-mean CEG), Δt between the groups' median frontier dates. */
  halvingYears: number;
}

/** CEG curve of group B over group A (A older or non-transformer) on `levels` (§7.2). */
export function cegCurve(a: Point[], b: Point[], levels: number[], kind: "step" | "interpolated" = "step"): CegCurve {
  const fa = paretoFrontier(a);
  const fb = paretoFrontier(b);
  const ceg = levels.map((l) => frontierCompute(fa, l, kind) / frontierCompute(fb, l, kind));
  const ok = ceg.filter((x) => Number.isFinite(x) && x > 0);
  const geomean = ok.length ? Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / ok.length) : NaN;
  const dt = fa.length && fb.length ? median(fb.map((p) => p.t)) - median(fa.map((p) => p.t)) : NaN;
  return {
    levels,
    ceg,
    median: ok.length ? median(ok) : NaN,
    geomean,
    min: Math.min(...ok),
    max: Math.max(...ok),
    halvingYears: (dt * Math.LN2) / Math.log(geomean),
  };
}

/** `count` evenly spaced levels across the overlap of the two groups' frontiers, or [] when they do not overlap. */
export function overlapLevels(a: Point[], b: Point[], count = 25): number[] {
  const o = overlap(paretoFrontier(a), paretoFrontier(b));
  if (!o) return [];
  return Array.from({ length: count }, (_, i) => o[0] + ((o[1] - o[0]) * i) / (count - 1));
}

/**
 * Stratified bootstrap of the CEG curve (§7.2 step 6): resample each group with replacement,
 * recompute on the fixed levels of the full sample; levels outside a replicate's overlap are
 * dropped and counted. Percentiles of the geometric mean, the median and the halving time.
 */
export function bootstrapCeg(
  a: Point[],
  b: Point[],
  levels: number[],
  B: number,
  seed: number,
  kind: "step" | "interpolated" = "step",
) {
  const rng = mt19937(seed);
  const draw = (g: Point[]) => Array.from({ length: g.length }, () => g[rng.interval(g.length - 1)]);
  const geo: number[] = [];
  const med: number[] = [];
  const halving: number[] = [];
  let outside = 0;
  for (let r = 0; r < B; r++) {
    const c = cegCurve(draw(a), draw(b), levels, kind);
    outside += c.ceg.filter((x) => !Number.isFinite(x)).length;
    geo.push(c.geomean);
    med.push(c.median);
    halving.push(c.halvingYears);
  }
  return {
    geomean: interval95(geo),
    median: interval95(med),
    halvingYears: interval95(halving),
    outsideShare: outside / (B * levels.length),
  };
}
