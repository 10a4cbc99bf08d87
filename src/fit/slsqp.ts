/**
 * SLSQP (Kraft 1988, "A software package for sequential quadratic programming", DFVLR-FB 88-28)
 * for an unconstrained problem, as SciPy's `minimize(method="SLSQP")` runs it with no bounds, no
 * constraints and no Jacobian: the objective's gradient by forward differences with SciPy's
 * default absolute step (2^−26 ≈ 1.49e−8), the least-squares subproblem solved by Householder
 * QR with column pivoting (Lawson & Hanson's HFTI, pseudo-rank tolerance √2.22e−16), the
 * inexact L1 line search on the merit function with step factors clamped at 0.1 and at most 10
 * reductions, the damped (Powell) BFGS update of an LDLᵀ factorisation by Fletcher & Powell's
 * rank-one modifications, SciPy's default stop (|Δf| < ftol = 1e−6 or ‖step‖ < ftol, or
 * |∇f·s| < ftol before a line search; 100 iterations), and its resets (at most five) when the
 * search direction is not a descent direction. docs/method.md §3.3 says why the authors'
 * published point depends on exactly where this procedure stops.
 *
 * Written from the algorithm's description (Kraft 1988; Lawson & Hanson 1974, ch. 14 and 15;
 * Fletcher & Powell 1974) and tested against SciPy 1.10's SLSQP (test/fit/slsqp-scipy.test.ts).
 * No npm package runs this algorithm with SciPy's stopping rule: NLopt's SLSQP (the only other
 * port) stops on its own relative tolerances and is not published for Node.
 */

import { at, direction, dot, ldlUpdate } from "./slsqp-linalg.js";

/** SciPy's default `ftol` of SLSQP (its `acc`). */
export const SLSQP_FTOL = 1e-6;
/** SciPy's default iteration limit of SLSQP. */
export const SLSQP_MAX_ITER = 100;
/** SciPy's default absolute forward-difference step for SLSQP: √(machine ε) = 2^−26. */
export const SLSQP_FD_STEP = Math.sqrt(2.220446049250313e-16);
/** Smallest step factor of one line-search reduction (Kraft's `alfmin`). */
const ALPHA_MIN = 0.1;
/** Line-search reductions before the step is taken as it is. */
const MAX_LINE_STEPS = 10;
/** Resets of the quasi-Newton matrix before the run stops (the relaxed test decides how). */
const MAX_RESETS = 5;

/** SciPy's exit modes of SLSQP (the `status` of its result) and their messages. */
export const SLSQP_MESSAGES: Record<number, string> = {
  0: "Optimization terminated successfully",
  7: "Rank-deficient equality constraint subproblem HFTI",
  8: "Positive directional derivative for linesearch",
  9: "Iteration limit reached",
};

/** Options of `slsqp`: SciPy's defaults unless given. */
export interface SlsqpOptions {
  /** Stopping tolerance `ftol` (SciPy's `acc`), default 1e−6. */
  ftol?: number;
  /** Iteration limit `maxiter`, default 100. */
  maxIter?: number;
  /** Absolute forward-difference step, default 2^−26. */
  step?: number;
}

/** Outcome of `slsqp`, with SciPy's names for the counts and the exit mode. */
export interface SlsqpResult {
  theta: Float64Array;
  /** f at θ. */
  objective: number;
  /** SciPy's `nit`: major iterations counted as SciPy counts them. */
  nit: number;
  /** SciPy's `nfev`: every evaluation of f, finite differences included. */
  nfev: number;
  /** SciPy's `njev`: gradient evaluations. */
  njev: number;
  /**
   * SciPy's exit mode (`status`): 0 success, 7 rank-deficient subproblem, 8 positive directional derivative, 9
   * iteration limit.
   */
  status: number;
  message: string;
  success: boolean;
}

/**
 * The perturbed coordinate of a forward difference as SciPy's `approx_derivative(method="2-point",
 * abs_step=h)` forms it: x_j + h, falling back to SciPy's relative step where x_j + h = x_j.
 * The difference quotient divides by `(x_j + h) − x_j`, the step actually taken.
 */
export function forwardStep(xj: number, h: number): number {
  if (xj + h - xj === 0) h = SLSQP_FD_STEP * (xj >= 0 ? 1 : -1) * Math.max(1, Math.abs(xj));
  return xj + h;
}

/** Forward-difference gradient g_j = (f(x + h_j e_j) − f(x)) / h_j with SciPy's steps (`forwardStep`). */
function forwardGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  fx: number,
  h: number,
  g: Float64Array,
  xh: Float64Array,
): void {
  xh.set(x);
  for (let j = 0; j < x.length; j++) {
    xh[j] = forwardStep(x[j], h);
    g[j] = (f(xh) - fx) / (xh[j] - x[j]);
    xh[j] = x[j];
  }
}

/**
 * An objective for `slsqp`: its value, and optionally a faster way to the same forward
 * differences (`moved(j, xj)`: f at the last point `value` was called with, coordinate j moved to
 * xj). A `moved` must return exactly what `value` returns at that point (bit for bit), so the
 * path does not change; the faithful estimator's evaluator recomputes only the rows the
 * coordinate touches.
 */
export interface SlsqpObjective {
  value(x: Float64Array): number;
  moved?(j: number, xj: number): number;
}

/**
 * Minimise f from `start` with SLSQP as SciPy runs it for an unconstrained problem without a
 * Jacobian (see the module comment): forward-difference gradients, SciPy's stopping rule and
 * exit modes, its counts of iterations and evaluations. The result is kept whatever the exit
 * mode, as the authors kept it (docs/method.md §3.3). A non-finite f ends the line search like
 * any other value (SciPy does the same); the caller decides what a non-finite result means.
 * At most `LINALG_MAX` (64) parameters: the search direction runs in a fixed kernel workspace.
 *
 * @example
 * const r = slsqp((x) => (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2, new Float64Array(2));
 * r; // → { status: 0, success: true, nit: 3, nfev: 12 }
 * Array.from(r.theta, (v) => v.toFixed(6)); // → ["1.000000", "-2.000000"]
 */
// Long by design: Kraft's SLSQP main loop is kept in one piece so that its order of operations can be checked against
// SciPy's step by step (docs/method.md §3.3).
// eslint-disable-next-line max-lines-per-function -- long by design, as the comment above says
export function slsqp(
  objective: SlsqpObjective | ((x: Float64Array) => number),
  start: Float64Array,
  opts: SlsqpOptions = {},
): SlsqpResult {
  const f = typeof objective === "function" ? objective : (x: Float64Array) => objective.value(x);
  const moved = typeof objective === "function" ? undefined : objective.moved?.bind(objective);
  const acc = Math.abs(opts.ftol ?? SLSQP_FTOL);
  const tol = 10 * acc;
  const maxIter = opts.maxIter ?? SLSQP_MAX_ITER;
  const h = opts.step ?? SLSQP_FD_STEP;
  const n = start.length;
  const x = Float64Array.from(start);
  const x0 = new Float64Array(n);
  const g = new Float64Array(n);
  const s = new Float64Array(n);
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  const xh = new Float64Array(n);
  const L = new Float64Array((n * (n + 1)) / 2);
  let nfev = 0;
  let njev = 0;
  const evaluate = (p: Float64Array) => (nfev++, f(p));
  // The gradient at x, where f was last evaluated (SciPy's gradient reuses that value).
  const gradient = () => {
    njev++;
    if (!moved) return forwardGradient(evaluate, x, fx, h, g, xh);
    for (let j = 0; j < n; j++) {
      const xj = forwardStep(x[j], h);
      nfev++;
      g[j] = (moved(j, xj) - fx) / (xj - x[j]);
    }
  };
  let fx = evaluate(x);
  gradient();
  let iter = 0;
  let resets = 0;
  let f0 = fx;
  const done = (status: number): SlsqpResult => ({
    theta: Float64Array.from(x),
    objective: fx,
    nit: iter,
    nfev,
    njev,
    status,
    message: SLSQP_MESSAGES[status],
    success: status === 0,
  });
  const norm = (a: Float64Array) => Math.sqrt(dot(a, a));
  // Reset the quasi-Newton matrix to the identity; after five resets, stop by the relaxed test.
  const reset = (): SlsqpResult | null => {
    if (++resets > MAX_RESETS) return done(Math.abs(fx - f0) < tol || norm(s) < tol ? 0 : 8);
    L.fill(0);
    for (let i = 0; i < n; i++) L[at(n, i, i)] = 1;
    return null;
  };
  reset();
  for (;;) {
    // SciPy 1.10 stops when the counter reaches the limit at the start of an iteration: with
    // maxiter = k it takes k − 1 steps and reports nit = k (checked against SciPy in the tests).
    if (++iter >= maxIter) return done(9);
    if (!direction(n, L, g, s)) return done(7);
    v.set(g);
    f0 = fx;
    x0.set(x);
    let h3 = dot(g, s);
    if (Math.abs(h3) < acc) return done(0);
    if (h3 >= 0) {
      const stop = reset();
      if (stop) return stop;
      continue;
    }
    // Inexact line search on the merit function (f alone without constraints).
    let alpha = 1;
    for (let line = 1; ; line++) {
      h3 *= alpha;
      for (let i = 0; i < n; i++) {
        s[i] *= alpha;
        x[i] = x0[i] + s[i];
      }
      fx = evaluate(x);
      const h1 = fx - f0;
      if (h1 <= h3 / 10 || line > MAX_LINE_STEPS) break;
      alpha = Math.max(h3 / (2 * (h3 - h1)), ALPHA_MIN);
    }
    if (Math.abs(fx - f0) < acc || norm(s) < acc) return done(0);
    gradient();
    // Damped BFGS update of LDLᵀ: u = Δg, v = B·s.
    for (let i = 0; i < n; i++) u[i] = g[i] - v[i];
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = i + 1; j < n; j++) sum += L[at(n, j, i)] * s[j];
      v[i] = s[i] + sum;
    }
    for (let i = 0; i < n; i++) v[i] *= L[at(n, i, i)];
    for (let i = n - 1; i >= 0; i--) {
      let sum = 0;
      for (let j = 0; j < i; j++) sum += L[at(n, i, j)] * v[j];
      v[i] += sum;
    }
    let h1 = dot(s, u);
    const h2 = dot(s, v);
    const damp = 0.2 * h2;
    if (h1 < damp) {
      const h4 = (h2 - damp) / (h2 - h1);
      h1 = damp;
      for (let i = 0; i < n; i++) u[i] = h4 * u[i] + (1 - h4) * v[i];
    }
    if (h1 === 0 || h2 === 0) {
      const stop = reset();
      if (stop) return stop;
      continue;
    }
    ldlUpdate(n, L, u, 1 / h1, w);
    ldlUpdate(n, L, v, -1 / h2, w);
  }
}
