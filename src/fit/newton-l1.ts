import {
  type KnownOptimum,
  type OptimResult,
  type SmoothHess,
  cholesky,
  finishRun,
  l1,
  notFiniteAtStart,
  pseudoGradient,
} from "./optim-common.js";
import { NEWTON_WORKSPACE, SLSQP_MAX_PARAMS, workspaceKernel } from "./wasm-kernel.js";

/**
 * Index of the known optimum that the Newton point x = θ + d lands on, or −1: same sign pattern
 * (zeros included) and |x_j − θ*_j| ≤ 1e−4·(1 + |θ*_j|) for every j — the tolerance at which
 * `fitDesign` counts two runs as the same optimum. Only called with the exact, positive definite
 * Hessian, i.e. in Newton's quadratic regime, where a step that lands this close to a strict local
 * minimum is followed by iterates converging to it; iterating further would only reproduce it.
 */
function joins(x: Float64Array, known: readonly KnownOptimum[] | undefined): number {
  if (!known) return -1;
  for (let i = 0; i < known.length; i++) {
    const t = known[i].theta;
    let same = true;
    for (let j = 0; j < x.length && same; j++)
      same = Math.sign(x[j]) === Math.sign(t[j]) && Math.abs(x[j] - t[j]) <= 1e-4 * (1 + Math.abs(t[j]));
    if (same) return i;
  }
  return -1;
}

/**
 * The subproblem of one iteration: min over x of the local model gᵀs + ½sᵀMs (s = x − θ) plus
 * Σ w_j|x_j|, by the orthant-wise Newton method from x = θ to a KKT violation ≤ `tol` in at most
 * `maxIter` iterations (wasm/orthant-newton.ts, which says how and why it runs in WebAssembly).
 * Returns x and whether it converged.
 *
 * @example
 * // min over x of x² / 2 − x + 0.5·|x| (g = −1 at θ = 0, M = 1): x = 0.5
 * subproblem(Float64Array.of(0), Float64Array.of(-1), Float64Array.of(1), Float64Array.of(0.5), 1e-12);
 */
export function subproblem(
  theta: Float64Array,
  g: Float64Array,
  M: Float64Array,
  w: Float64Array,
  tol: number,
  maxIter = SUBPROBLEM_MAX_ITER,
) {
  const k = theta.length;
  if (k > SLSQP_MAX_PARAMS) throw new Error(`newtonL1: ${k} parameters; the kernel takes at most ${SLSQP_MAX_PARAMS}`);
  const { fn, f64 } = workspaceKernel();
  const W = NEWTON_WORKSPACE;
  f64.set(theta, W.c / 8);
  f64.set(g, W.gc / 8);
  f64.set(M, W.M / 8);
  f64.set(w, W.w / 8);
  const converged = fn.orthantSubproblem(W.table, k, tol, maxIter) === 1;
  return { theta: f64.slice(W.x / 8, W.x / 8 + k), converged };
}

/** Iteration limit of `subproblem`. */
const SUBPROBLEM_MAX_ITER = 200;

/**
 * Proximal Newton method for f + Σ w_j|θ_j| — the exact minimiser of docs/method.md §3.1's stated
 * objective (`penalized`, `nls`, `penalized-slopes` estimators; Lee, Sun & Saunders 2014). Each
 * iteration minimises the local model gᵀd + ½dᵀMd + Σ w_j|θ_j + d_j| exactly (`subproblem`, the
 * orthant-wise Newton method, cheap because the model is a k×k quadratic), so coordinates may change sign
 * within one step and land exactly on 0, then backtracks along d with an Armijo condition on the
 * model's predicted decrease Δ = gᵀd + Σw(|θ+d| − |θ|). M is the exact Hessian where it is
 * positive definite (quadratic convergence near an optimum) and otherwise the Gauss–Newton matrix
 * (far from an optimum the Hessian of these exponential models is indefinite, and a shifted
 * Newton step would be a tiny gradient step). The first full step that is accepted is extended by
 * doubling while the objective keeps falling (far out, exponential terms make Newton steps short by
 * a constant factor). Converged when the pseudo-gradient's ∞-norm is ≤ `tol`, or at
 * floating-point precision with a violation ≤ 1e−7. With w = 0 it is a safeguarded Newton method.
 * `known`: optima that earlier runs converged to; a run whose Newton step lands on one (`joins`)
 * stops and returns it with `joined` set (a multi-start's later runs mostly end this way).
 */
// Long by design: one proximal Newton iteration (model, subproblem, line search, stop tests) reads as one loop, as in
// the algorithm's description; its state would otherwise be threaded through many small functions.
// eslint-disable-next-line max-lines-per-function -- long by design, as the comment above says
export function newtonL1(
  f: SmoothHess,
  start: Float64Array,
  w: Float64Array,
  opts: { tol?: number; maxIter?: number; known?: readonly KnownOptimum[] } = {},
): OptimResult {
  const k = start.length;
  const tol = opts.tol ?? 1e-10;
  const maxIter = opts.maxIter ?? 500;
  let theta = Float64Array.from(start);
  let next = new Float64Array(k);
  const trial = new Float64Array(k);
  const g = new Float64Array(k);
  const H = new Float64Array(k * k);
  const G = new Float64Array(k * k);
  const L = new Float64Array(k * k);
  const A = new Float64Array(k * k);
  const free = new Int32Array(k);
  const pg = new Float64Array(k);
  const d = new Float64Array(k);
  const scratch = new Float64Array(k);
  let evals = 1;
  let fx = f(theta, g, H) + l1(theta, w);
  if (!Number.isFinite(fx)) return notFiniteAtStart(theta, fx);
  let opt = pseudoGradient(theta, g, w, pg);
  let iter = 0;
  let stalls = 0;
  let stop: string | null = `iteration limit (${maxIter})`;
  const value = (x: Float64Array) => (evals++, f(x, null, null) + l1(x, w));
  while (iter < maxIter) {
    if (opt <= tol) {
      stop = null;
      break;
    }
    iter++;
    // Curvature test on the coordinates the step can move (a penalised 0 whose pseudo-gradient is
    // 0 stays put): the full Hessian may be indefinite along those that sit at 0.
    let n = 0;
    for (let j = 0; j < k; j++) if (theta[j] !== 0 || pg[j] !== 0 || w[j] === 0) free[n++] = j;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) A[a * n + b] = H[free[a] * k + free[b]];
    const gaussNewton = () => {
      evals++;
      f(theta, scratch, G, true);
      // A ridge of 1e−12·max diag keeps the model bounded along directions G does not see.
      let diag = 0;
      for (let j = 0; j < k; j++) diag = Math.max(diag, G[j * k + j]);
      for (let j = 0; j < k; j++) G[j * k + j] += 1e-12 * (diag || 1);
      return G;
    };
    let M = cholesky(A, n, 0, L) ? H : gaussNewton();
    const solve = () => {
      const sub = subproblem(theta, g, M, w, Math.max(1e-15, 1e-3 * opt * Math.min(1, opt)));
      let dec = 0;
      for (let j = 0; j < k; j++) {
        d[j] = sub.theta[j] - theta[j];
        dec += g[j] * d[j];
      }
      return { sub, delta: dec + l1(sub.theta, w) - l1(theta, w) };
    };
    let { sub, delta } = solve();
    if (M === H && !(sub.converged && delta < 0)) {
      // H is positive definite where θ is free but not along a coordinate the model releases
      // from 0 (the model is then unbounded): use the Gauss–Newton matrix.
      M = gaussNewton();
      ({ sub, delta } = solve());
    }
    if (!(delta < 0)) {
      stop = "the local model predicts no decrease (floating-point precision reached)";
      break;
    }
    const joined = M === H && sub.converged ? joins(sub.theta, opts.known) : -1;
    if (joined >= 0) {
      const o = opts.known![joined];
      return {
        theta: Float64Array.from(o.theta),
        objective: o.objective,
        converged: true,
        reason: `joined the optimum of an earlier start (known optimum ${joined})`,
        iterations: iter,
        fnEvals: evals,
        optimality: o.optimality,
        joined,
      };
    }
    if (-delta <= 1e-13 * Math.max(1, Math.abs(fx))) {
      // Quadratic regime at the resolution of f: decreases are below rounding, so judge the full
      // step by the optimality it reaches instead of by f.
      evals++;
      const fNew = f(sub.theta, scratch, G) + l1(sub.theta, w);
      const pgNew = new Float64Array(k);
      const optNew = Number.isFinite(fNew) ? pseudoGradient(sub.theta, scratch, w, pgNew) : Infinity;
      if (!(optNew < opt) || fNew > fx + 1e-12 * Math.max(1, Math.abs(fx))) {
        stop = "floating-point precision reached (the Newton step no longer improves optimality)";
        break;
      }
      theta = Float64Array.from(sub.theta);
      g.set(scratch);
      H.set(G);
      pg.set(pgNew);
      fx = Math.min(fx, fNew);
      opt = optNew;
      continue;
    }
    let t = 1;
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++, t *= 0.5) {
      for (let j = 0; j < k; j++) next[j] = theta[j] + t * d[j];
      fNew = value(next);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * t * delta) {
        accepted = true;
        if (ls === 0 && (M === G || fNew < 0.5 * fx)) {
          for (let i = 0; i < 20; i++) {
            t *= 2;
            for (let j = 0; j < k; j++) trial[j] = theta[j] + t * d[j];
            const fT = value(trial);
            if (!(fT < fNew)) break;
            fNew = fT;
            next.set(trial);
          }
        }
        break;
      }
    }
    if (!accepted) {
      stop = "line search failed (no further decrease at machine precision)";
      break;
    }
    stalls = fx - fNew <= 1e-15 * Math.max(1, Math.abs(fx)) ? stalls + 1 : 0;
    [theta, next] = [next, theta];
    evals++;
    f(theta, g, H);
    fx = fNew;
    opt = pseudoGradient(theta, g, w, pg);
    if (stalls >= 5) {
      stop = "no decrease in 5 iterations (floating-point precision reached)";
      break;
    }
  }
  return finishRun(theta, fx, opt, tol, stop, { iterations: iter, fnEvals: evals });
}
