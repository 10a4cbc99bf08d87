import type { TwoTermLaw } from "./two-term.js";

/**
 * Iso-loss frontier of a two-term law (docs/method.md §5.6): the parameters N_req(D) needed to reach
 * log-perplexity L with D tokens at date t, in closed form N = exp((a − aYear·t − ln R)/aParam)
 * with R = L − exp(b − bYear·t − bData·ln D). Points where R ≤ 0 are unreachable: the frontier
 * stops at the first one (as the authors' loop does), scanning D from large to small.
 */
export function isoLossFrontier(
  law: TwoTermLaw,
  L: number,
  t: number,
  Dmin: number,
  Dmax: number,
  points = 100,
): { D: number; N: number }[] {
  const out: { D: number; N: number }[] = [];
  for (let k = 0; k < points; k++) {
    const lnD = Math.log(Dmax) + ((Math.log(Dmin) - Math.log(Dmax)) * k) / (points - 1);
    const R = L - Math.exp(law.b - law.bYear * t - law.bData * lnD);
    if (!(R > 0)) break;
    out.push({ D: Math.exp(lnD), N: Math.exp((law.a - law.aYear * t - Math.log(R)) / law.aParam) });
  }
  return out;
}
