import { brentRoot, goldenMin } from "../numeric/scalar.js";

/** A Chinchilla-form law L(N, D) = E + A·N^(−α) + B·D^(−β) (loss in nats). */
export interface ChinchillaLaw {
  E: number;
  A: number;
  alpha: number;
  B: number;
  beta: number;
}

/** Hoffmann et al. (2022) fitted law, as used by the authors (docs/method.md §5.15). */
export const CHINCHILLA: ChinchillaLaw = { E: 1.69, A: 406.4, alpha: 0.34, B: 410.7, beta: 0.28 };

/** Kaplan et al. (2020) law L(N, D) = ((Nc/N)^(αN/αD) + Dc/D)^αD with their constants (§5.15). */
export const KAPLAN = { alphaN: 0.076, alphaD: 0.103, Nc: 6.4e13, Dc: 1.8e13 };

/** Chinchilla-form loss at N parameters and D tokens. */
export function chinchillaLoss(law: ChinchillaLaw, N: number, D: number): number {
  return law.E + law.A * N ** -law.alpha + law.B * D ** -law.beta;
}

/** Kaplan-form loss at N parameters and D tokens. */
export function kaplanLoss(N: number, D: number, k = KAPLAN): number {
  return ((k.Nc / N) ** (k.alphaN / k.alphaD) + k.Dc / D) ** k.alphaD;
}

/**
 * Compute-optimal allocation of a Chinchilla-form law at budget C = 6ND (closed form, §7.1a):
 * N* = G·(C/6)^(β/(α+β)), D* = (C/6)^(α/(α+β))/G, G = (αA/(βB))^(1/(α+β)); returns N*, D*, L*.
 */
export function chinchillaOptimum(law: ChinchillaLaw, C: number): { N: number; D: number; loss: number } {
  const s = law.alpha + law.beta;
  const G = ((law.alpha * law.A) / (law.beta * law.B)) ** (1 / s);
  const N = G * (C / 6) ** (law.beta / s);
  const D = (C / 6) ** (law.alpha / s) / G;
  return { N, D, loss: chinchillaLoss(law, N, D) };
}

/** Compute C′ at which the Chinchilla-optimal loss equals `loss` (bisection-type root on ln C′). */
export function computeForLoss(law: ChinchillaLaw, loss: number): number {
  const r = brentRoot((lnC) => chinchillaOptimum(law, Math.exp(lnC)).loss - loss, Math.log(1e6), Math.log(1e40), 1e-12);
  if (!r.converged) throw new Error(`computeForLoss: no compute reaches loss ${loss} (the law's floor is ${law.E})`);
  return Math.exp(r.root);
}

/** The tokens a Kaplan-optimal allocation uses at budget C: argmin over D ∈ [C^0.2, C^0.85] of L_K(C/(6D), D). */
export function kaplanTokens(C: number): number {
  const { x } = goldenMin(
    (lnD) => kaplanLoss(C / (6 * Math.exp(lnD)), Math.exp(lnD)),
    0.2 * Math.log(C),
    0.85 * Math.log(C),
    1e-12,
  );
  return Math.exp(x);
}

/**
 * Compute-equivalent gain of the Chinchilla-optimal allocation over an allocation using D tokens
 * at budget C (§5.15): the loss (Chinchilla law) of N = C/(6D), D, then C′ such that the
 * Chinchilla-optimal loss at C′ equals it; CEG = C/C′ (≥ 1).
 *
 * @example
 * // GPT-3: 175e9 parameters trained on 300e9 tokens, 3e23 FLOP (the authors print 2.9)
 * allocationGain(3e23, 300e9); // → 2.90
 */
export function allocationGain(C: number, D: number, law: ChinchillaLaw = CHINCHILLA): number {
  return C / computeForLoss(law, chinchillaLoss(law, C / (6 * D), D));
}

/**
 * Kaplan-versus-Chinchilla gain on the authors' grid: 24 log-spaced budgets from 1e19 to 1e25 (§5.15).
 *
 * @example
 * // the gain at C = 1e19, 1e22 and 1e25 FLOP (the authors print 1.14 at 1e19 and 4.33 at 1e25)
 * kaplanVsChinchilla(3).map((p) => p.ceg); // → [1.14, 1.95, 4.65]
 */
export function kaplanVsChinchilla(count = 24, lo = 1e19, hi = 1e25): { C: number; ceg: number }[] {
  return Array.from({ length: count }, (_, i) => {
    const C = lo * (hi / lo) ** (i / (count - 1));
    return { C, ceg: allocationGain(C, kaplanTokens(C)) };
  });
}

/** Least-squares line ln CEG = a·ln C + b through the grid, and its value at any C (§5.15). */
export function logLogFit(points: { C: number; ceg: number }[]): { a: number; b: number; at: (C: number) => number } {
  const xs = points.map((p) => Math.log(p.C));
  const ys = points.map((p) => Math.log(p.ceg));
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => ((sxy += (x - mx) * (ys[i] - my)), (sxx += (x - mx) ** 2)));
  const a = sxy / sxx;
  const b = my - a * mx;
  return { a, b, at: (C: number) => Math.exp(a * Math.log(C) + b) };
}
