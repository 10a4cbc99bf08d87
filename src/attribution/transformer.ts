import { brentRoot } from "../numeric/scalar.js";
import { optimalAllocation } from "../progress/doubling.js";

/** A predictor ŷ(N, D) at a fixed date and benchmark, for one architecture. */
export type Law2 = (N: number, D: number) => number;

/**
 * Compute-equivalent gain of architecture T over NT at budget C (docs/method.md §5.7): with the
 * authors' equal split N = D = √(C/6), find the scale a ∈ [0.01, 100] with ŷ_T(N, D) =
 * ŷ_NT(aN, aD); CEG = a² (compute scales with N·D). NaN when the bracket holds no root.
 */
export function equalSplitCeg(lawT: Law2, lawNT: Law2, C: number): number {
  const n = Math.sqrt(C / 6);
  const target = lawT(n, n);
  const r = brentRoot((a) => lawNT(a * n, a * n) - target, 0.01, 100, 1e-12);
  return r.converged ? r.root * r.root : NaN;
}

/**
 * Compute-optimal CEG (§5.7 recommended addition): each architecture at its own compute-optimal
 * split; C_NT solves L*_NT(C_NT) = L*_T(C), and CEG = C_NT/C. Searched over C_NT ∈ [C/1e4, C·1e8].
 */
export function optimalCeg(lawT: Law2, lawNT: Law2, C: number): number {
  const target = optimalAllocation((N, D) => lawT(N, D), C, 0).loss;
  const r = brentRoot(
    (lnC) => optimalAllocation((N, D) => lawNT(N, D), Math.exp(lnC), 0).loss - target,
    Math.log(C / 1e4),
    Math.log(C * 1e8),
    1e-10,
  );
  return r.converged ? Math.exp(r.root) / C : NaN;
}

/** % reduction of predicted log-perplexity by the transformer factor σ(γ_T) (§5.7): 100·(1 − σ(γ_T)). */
export function transformerReductionPct(gammaT: number): number {
  return 100 * (1 - 1 / (1 + Math.exp(-gammaT)));
}

/** A CEG expressed in years of algorithmic progress: log2(CEG)·T_C (T_C in years). */
export function cegInYears(ceg: number, TC: number): number {
  return Math.log2(ceg) * TC;
}

/** Per-replicate transformer gains of a fitted model (§5.7). */
export interface TransformerGain {
  ceg1e22: number;
  ceg1e25: number;
  /** Compute-optimal CEG at 1e25 (recommended addition). */
  cegOptimal1e25: number;
  /** % reduction of predicted log-perplexity (transformer-γ models only; NaN otherwise). */
  reductionPct: number;
  /** CEG at 1e25 in years of progress, log2(CEG)·T_C. */
  years1e25: number;
}

/**
 * Transformer gains for one parameter vector of a transformer-γ model (`<k>+gammaT`) or of model 13:
 * predictors for T = 1 and T = 0 on WT103 in `year` (2023), then the equal-split and compute-optimal
 * CEGs (§5.7). `TC` is the replicate's compute halving time in years.
 *
 * @example
 * const fitT = fitModel("7+gammaT", data, norm, { estimator: "faithful", delta: 0.0025 });
 * // TC = 0.7 years; returns { ceg1e22, ceg1e25, cegOptimal1e25, reductionPct, years1e25 }
 * transformerGain("7+gammaT", fitT.theta, namedParams(fitT), norm, 0.7, pointPredictor);
 */
export function transformerGain(
  modelId: string,
  theta: ArrayLike<number>,
  params: Record<string, number>,
  norm: { N0: number; D0: number; t0: number; C0: number },
  TC: number,
  predictorOf: (
    modelId: string,
    theta: ArrayLike<number>,
    norm: { N0: number; D0: number; t0: number; C0: number },
    at: { benchmark: "wt103"; transformer: 0 | 1 },
  ) => (N: number, D: number, t: number) => number,
  year = 2023,
): TransformerGain {
  const fT = predictorOf(modelId, theta, norm, { benchmark: "wt103", transformer: 1 });
  const fNT = predictorOf(modelId, theta, norm, { benchmark: "wt103", transformer: 0 });
  const lawT: Law2 = (N, D) => fT(N, D, year);
  const lawNT: Law2 = (N, D) => fNT(N, D, year);
  const ceg1e25 = equalSplitCeg(lawT, lawNT, 1e25);
  return {
    ceg1e22: equalSplitCeg(lawT, lawNT, 1e22),
    ceg1e25,
    cegOptimal1e25: optimalCeg(lawT, lawNT, 1e25),
    reductionPct: "gamma_T" in params ? transformerReductionPct(params.gamma_T) : NaN,
    years1e25: cegInYears(ceg1e25, TC),
  };
}
