/**
 * Quasi-Newton optimisers for objectives f(θ) + Σ_j w_j·|θ_j| where f is smooth with an exact
 * gradient (docs/method.md §3). Written by hand: no maintained npm package offers L-BFGS with the
 * orthant-wise L1 extension (OWL-QN, Andrew & Gao 2007) and the diagnostics needed here, and the
 * problems are tiny (k ≤ 19 parameters).
 */
import { scientific } from "../util/format.js";

/** Smooth part: returns f(θ) and writes ∇f(θ) into `grad`; may return +∞. */
export type Smooth = (theta: Float64Array, grad: Float64Array) => number;
/**
 * Smooth part with its Hessian (k×k, row-major); `hess` null: value and gradient; `grad` null:
 * value only. For least squares, `gaussNewton` asks for the Gauss–Newton matrix (JᵀJ part of the
 * Hessian) instead; a function without that distinction may ignore the flag.
 */
export type SmoothHess = (
  theta: Float64Array,
  grad: Float64Array | null,
  hess: Float64Array | null,
  gaussNewton?: boolean,
) => number;

/** Outcome of one optimisation run. */
export interface OptimResult {
  theta: Float64Array;
  /** Full objective f(θ) + Σ w|θ|. */
  objective: number;
  converged: boolean;
  reason: string;
  iterations: number;
  fnEvals: number;
  /** ∞-norm of the L1 pseudo-gradient (KKT violation of the stated objective); 0 at an exact optimum. */
  optimality: number;
  /** Index into `known` of the optimum this run joined before converging itself (`newtonL1`). */
  joined?: number;
}

/**
 * A local optimum that an earlier run reached: `newtonL1` stops a later run as soon as its Newton
 * step lands on it (see `joins`) and returns this optimum instead of iterating to it again.
 */
export interface KnownOptimum {
  theta: Float64Array;
  objective: number;
  optimality: number;
}

/**
 * KKT violation below which a run that stopped for another reason (a stall, a failed line search)
 * still counts as converged: an optimum reached at floating-point precision.
 */
export const OPTIMALITY_FLOOR = 1e-7;

/** The result of a run whose objective is not finite at its start (one evaluation, no iteration). */
export function notFiniteAtStart(theta: Float64Array, objective: number): OptimResult {
  const reason = "objective not finite at the start";
  return { theta, objective, converged: false, reason, iterations: 0, fnEvals: 1, optimality: NaN };
}

/**
 * The result of a run that ended at θ with KKT violation `optimality`: `stop` is why the loop ended,
 * null when its optimality test (≤ tol) ended it. Converged when the violation is at most
 * max(tol, OPTIMALITY_FLOOR); another stop then says the optimality reached.
 */
export function finishRun(
  theta: Float64Array,
  objective: number,
  optimality: number,
  tol: number,
  stop: string | null,
  counts: { iterations: number; fnEvals: number },
): OptimResult {
  const converged = optimality <= Math.max(tol, OPTIMALITY_FLOOR);
  const reached = scientific(optimality, 1);
  const reason = stop === null ? `optimality ${reached} ≤ ${tol}` : converged ? `${stop}; optimality ${reached}` : stop;
  return { theta, objective, converged, reason, ...counts, optimality };
}

export function l1(theta: Float64Array, w: Float64Array): number {
  let s = 0;
  for (let j = 0; j < theta.length; j++) s += w[j] * Math.abs(theta[j]);
  return s;
}

/** Pseudo-gradient of f + Σ w|θ| (minimum-norm subgradient), written to `pg`; returns its ∞-norm. */
export function pseudoGradient(theta: Float64Array, g: Float64Array, w: Float64Array, pg: Float64Array): number {
  let norm = 0;
  for (let j = 0; j < theta.length; j++) {
    let v: number;
    if (theta[j] > 0) v = g[j] + w[j];
    else if (theta[j] < 0) v = g[j] - w[j];
    else if (g[j] + w[j] < 0) v = g[j] + w[j];
    else if (g[j] - w[j] > 0) v = g[j] - w[j];
    else v = 0;
    pg[j] = v;
    norm = Math.max(norm, Math.abs(v));
  }
  return norm;
}

/**
 * Backtracking line search along d that keeps penalised coordinates in the orthant of θ (or, at 0,
 * the orthant the pseudo-gradient points away from), setting any that would cross to exactly 0
 * (OWL-QN's projection), with an Armijo condition on the pseudo-gradient. Writes the accepted
 * point into `next`.
 */
export function orthantLineSearch(
  theta: Float64Array,
  d: Float64Array,
  pg: Float64Array,
  w: Float64Array,
  fx: number,
  step: number,
  next: Float64Array,
  value: (x: Float64Array) => number,
): { value: number; accepted: boolean } {
  const k = theta.length;
  let fNew = Infinity;
  for (let ls = 0; ls < 60; ls++, step *= 0.5) {
    let dec = 0;
    for (let j = 0; j < k; j++) {
      const orthant = theta[j] !== 0 ? Math.sign(theta[j]) : -Math.sign(pg[j]);
      const v = theta[j] + step * d[j];
      next[j] = w[j] > 0 && Math.sign(v) !== orthant ? 0 : v;
      dec += pg[j] * (next[j] - theta[j]);
    }
    fNew = value(next);
    if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * dec) return { value: fNew, accepted: true };
  }
  return { value: fNew, accepted: false };
}

/**
 * Cholesky factorisation of the symmetric n×n matrix A + μI into `L` (lower, row-major); false
 * when it is not positive definite.
 */
export function cholesky(A: Float64Array, n: number, mu: number, L: Float64Array): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j] + (i === j ? mu : 0);
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 1e-14 * Math.abs(A[i * n + i] + mu))) return false;
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
  }
  return true;
}
