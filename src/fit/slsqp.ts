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
 *
 * The algorithm runs in the WebAssembly kernel (wasm/slsqp.ts, with the search direction in
 * wasm/faithful-kernel.ts); this module passes it the objective and reads its result. Why there:
 * a bootstrap runs hundreds of short fits in a fresh process, and in JavaScript the first fifty or
 * so ran before V8 had optimised the driver, four times slower than the rest.
 */

import { SLSQP_MAX_PARAMS, WORKSPACE, faithfulKernel, objectiveCallbacks, workspaceKernel } from "./wasm-kernel.js";

/** SciPy's default `ftol` of SLSQP (its `acc`). */
export const SLSQP_FTOL = 1e-6;
/** SciPy's default iteration limit of SLSQP. */
export const SLSQP_MAX_ITER = 100;
/** SciPy's default absolute forward-difference step for SLSQP: √(machine ε) = 2^−26. */
export const SLSQP_FD_STEP = Math.sqrt(2.220446049250313e-16);
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
 *
 * @example
 * forwardStep(0, SLSQP_FD_STEP); // → 2 ** -26
 */
export function forwardStep(xj: number, h: number): number {
  return faithfulKernel().fn.forwardStep(xj, h);
}

/**
 * An objective for `slsqp`: its value, and optionally a faster way to the same forward
 * differences (`moved(j, xj)`: f at the last point `value` was called with, coordinate j moved to
 * xj). A `moved` must return exactly what `value` returns at that point (bit for bit), so the
 * path does not change; the faithful estimator's evaluator recomputes only the rows the
 * coordinate touches. `inKernel` is the faithful objective's (src/fit/faithful.ts): it makes the
 * objective's arrays current in kernel memory, runs `run` with the offset of its descriptor, so
 * that SLSQP evaluates it without leaving WebAssembly, and afterwards takes up the last point
 * `value` saw there.
 */
export interface SlsqpObjective {
  value(x: Float64Array): number;
  moved?(j: number, xj: number): number;
  inKernel?<T>(run: (descriptor: number) => T): T;
}

/** Whether a run is under way: an objective may not start another (they share one workspace). */
let running = false;

/**
 * Minimise f from `start` with SLSQP as SciPy runs it for an unconstrained problem without a
 * Jacobian (see the module comment): forward-difference gradients, SciPy's stopping rule and
 * exit modes, its counts of iterations and evaluations. The result is kept whatever the exit
 * mode, as the authors kept it (docs/method.md §3.3). A non-finite f ends the line search like
 * any other value (SciPy does the same); the caller decides what a non-finite result means.
 * At most `SLSQP_MAX_PARAMS` (64) parameters: the algorithm runs in a fixed kernel workspace.
 *
 * @example
 * const r = slsqp((x) => (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2, new Float64Array(2));
 * r; // → { status: 0, success: true, nit: 3, nfev: 12 }
 * Array.from(r.theta, (v) => v.toFixed(6)); // → ["1.000000", "-2.000000"]
 */
export function slsqp(
  objective: SlsqpObjective | ((x: Float64Array) => number),
  start: Float64Array,
  opts: SlsqpOptions = {},
): SlsqpResult {
  const n = start.length;
  if (n > SLSQP_MAX_PARAMS) throw new Error(`slsqp: ${n} parameters (the kernel takes at most ${SLSQP_MAX_PARAMS})`);
  if (running) throw new Error("slsqp: an objective being minimised started another slsqp run");
  const o: SlsqpObjective = typeof objective === "function" ? { value: objective } : objective;
  const acc = Math.abs(opts.ftol ?? SLSQP_FTOL);
  const maxIter = opts.maxIter ?? SLSQP_MAX_ITER;
  const h = opts.step ?? SLSQP_FD_STEP;
  const run = (descriptor: number): SlsqpResult => {
    workspaceKernel().f64.set(start, WORKSPACE.x / 8);
    const hasMoved = descriptor !== 0 || o.moved !== undefined;
    const status = workspaceKernel().fn.slsqp(n, descriptor, hasMoved, acc, maxIter, h, WORKSPACE.table);
    // A JavaScript objective may have grown the memory: read through a current view.
    const { fn, f64 } = workspaceKernel();
    const counts = new Int32Array(fn.memory.buffer, WORKSPACE.out + 8, 3);
    return {
      theta: f64.slice(WORKSPACE.x / 8, WORKSPACE.x / 8 + n),
      objective: f64[WORKSPACE.out / 8],
      nit: counts[0],
      nfev: counts[1],
      njev: counts[2],
      status,
      message: SLSQP_MESSAGES[status],
      success: status === 0,
    };
  };
  running = true;
  try {
    if (o.inKernel) return o.inKernel(run);
    // A JavaScript objective: the kernel calls back with byte offsets of the point.
    objectiveCallbacks.value = (x) => o.value(workspaceKernel().f64.slice(x / 8, x / 8 + n));
    objectiveCallbacks.moved = o.moved ? (j, xj) => o.moved!(j, xj) : () => NaN;
    return run(0);
  } finally {
    running = false;
  }
}
