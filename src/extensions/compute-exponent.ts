import type { TwoTermLaw } from "../attribution/two-term.js";

/** Compute-optimal scaling implied by a two-power-term law at one date (docs/method.md §7.1a). */
export interface ComputeOptimal {
  /** α_C = αβ/(α+β): L*(C) ∝ C^(−α_C). */
  alphaC: number;
  /** Allocation exponents: N* ∝ C^(β/(α+β)), D* ∝ C^(α/(α+β)). */
  paramExponent: number;
  dataExponent: number;
  /** Tokens per parameter (D* divided by N*) at the requested budgets. */
  tokensPerParam: { C: number; ratio: number }[];
}

/**
 * Closed-form compute-optimal frontier of ŷ = A(t)·N^(−α) + B(t)·D^(−β) under C = 6ND (§7.1a):
 * N* = G·(C/6)^(β/(α+β)), D* = (C/6)^(α/(α+β))/G, G = (αA/(βB))^(1/(α+β)). Null when α ≤ 0 or
 * β ≤ 0 (no interior optimum; such replicates are counted and excluded by the caller).
 *
 * @example
 * // the published model 7's α_C = αβ/(α+β) (§8 X1); Chinchilla's is CHINCHILLA_ALPHA_C ≈ 0.154
 * computeOptimal(absoluteModel7(published.M7, norm), 2023)?.alphaC; // → 0.0250
 * const co = computeOptimal(absoluteModel7(namedParams(fit), norm), 2023, [1e21]); // null when α ≤ 0 or β ≤ 0
 * co?.tokensPerParam; // [{ C: 1e21, ratio }]: optimal tokens per parameter at that budget
 */
export function computeOptimal(law: TwoTermLaw, t: number, budgets: number[] = [1e21, 1e25]): ComputeOptimal | null {
  const alpha = law.aParam;
  const beta = law.bData;
  if (!(alpha > 0 && beta > 0)) return null;
  const A = Math.exp(law.a - law.aYear * t);
  const B = Math.exp(law.b - law.bYear * t);
  const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  return {
    alphaC: (alpha * beta) / (alpha + beta),
    paramExponent: beta / (alpha + beta),
    dataExponent: alpha / (alpha + beta),
    tokensPerParam: budgets.map((C) => {
      const N = G * (C / 6) ** (beta / (alpha + beta));
      const D = (C / 6) ** (alpha / (alpha + beta)) / G;
      return { C, ratio: D / N };
    }),
  };
}

/** Chinchilla's implied α_C, 0.34·0.28/0.62 (a comparator, not fitted here, §7.1). */
export const CHINCHILLA_ALPHA_C = (0.34 * 0.28) / (0.34 + 0.28);
