import { months } from "../util/units.js";

/** One WT103 evaluation for the direct halving-time estimate: perplexity, compute (FLOP), date, paper. */
export interface DirectPoint {
  system: string;
  reference: string;
  ppl: number;
  C: number;
  t: number;
}

/**
 * Direct empirical halving time near a fixed perplexity (docs/method.md §5.14): among evaluations whose
 * perplexity is within a factor f of the reference system's and dated no earlier than 0.365 days
 * before it, keep the highest-compute row per paper; regress ln(C/C_M) on the date by OLS; the
 * halving time is −ln 2/slope, in months. Null (with the count) when five or fewer rows remain.
 *
 * @example
 * // six papers at one perplexity, each needing half the compute of the year before
 * const paper = (k: number) => ({ system: `s${k}`, reference: `p${k}`, ppl: 20, C: 0.5 ** k, t: 2015 + k });
 * const pts = [0, 1, 2, 3, 4, 5].map(paper);
 * directHalving(pts, pts[0], 1.1); // → { months: 12, rows: 6 }
 */
export function directHalving(
  points: DirectPoint[],
  ref: DirectPoint,
  f: number,
): { months: number; rows: number } | { months: null; rows: number } {
  const cand = points.filter((p) => p.ppl > ref.ppl / f && p.ppl < ref.ppl * f && p.t > ref.t - 0.365 / 365);
  const best = new Map<string, DirectPoint>();
  for (const p of cand) {
    const q = best.get(p.reference);
    if (!q || p.C > q.C) best.set(p.reference, p);
  }
  const rows = [...best.values()];
  if (rows.length <= 5) return { months: null, rows: rows.length };
  const xs = rows.map((p) => p.t);
  const ys = rows.map((p) => Math.log(p.C / ref.C));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => ((sxy += (x - mx) * (ys[i] - my)), (sxx += (x - mx) ** 2)));
  return { months: Math.round(months(-Math.LN2 / (sxy / sxx)) * 10) / 10, rows: rows.length };
}
