/**
 * SLSQP's driver for an unconstrained problem, as SciPy runs it (src/fit/slsqp.ts documents the
 * algorithm, its sources and its stopping rule; docs/method.md §3.3): forward-difference gradient,
 * search direction, inexact line search, damped BFGS update of the LDLᵀ factors (Fletcher &
 * Powell's rank-one modification), resets. The operations and their order are those of the
 * JavaScript it replaces, so every double is the same; the SciPy path tests check them.
 *
 * Why WebAssembly: a faithful fit is about 30 iterations of a few dozen small loops each, and a
 * bootstrap runs hundreds of fits in a fresh process. In JavaScript the driver ran unoptimised
 * for the first fifty or so fits; here the faithful objective (descriptor d ≠ 0) is evaluated
 * without leaving WebAssembly, and 200 bootstrap fits of model 7 took 0.15–0.17 s against
 * 0.24–0.26 s in JavaScript (same machine, same doubles). Any other objective is called through
 * the imports `jsValue` and `jsMoved`.
 */
import { direction, objectiveMoved, objectiveValue } from "./faithful-kernel";
import { M } from "./memory";

/** f at the n doubles at x, from the JavaScript objective being minimised. */
declare function jsValue(x: usize): f64;
/** f at the last point `jsValue` saw with coordinate j moved to xj (the objective's `moved`). */
declare function jsMoved(j: i32, xj: f64): f64;

/** SciPy's default absolute forward-difference step, √(machine ε) = 2^−26. */
const FD_STEP = sqrt<f64>(2.220446049250313e-16);
/** Smallest step factor of one line-search reduction (Kraft's `alfmin`). */
const ALPHA_MIN = 0.1;
/** Line-search reductions before the step is taken as it is. */
const MAX_LINE_STEPS = 10;
/** Resets of the quasi-Newton matrix before the run stops (the relaxed test decides how). */
const MAX_RESETS = 5;
/** The machine ε the Fortran uses in the negative LDLᵀ update. */
const EPMACH = 2.22e-16;

/**
 * Word offsets of the workspace table (i32 byte offsets, written by src/fit/wasm-kernel.ts): the
 * packed factors L, gradient g, direction s, `direction`'s E, h and ip, the point x, then x0, u,
 * v, w, xh, and the results (f, then i32 nit, nfev, njev).
 */
const WS_L = 0;
const WS_G = 1;
const WS_S = 2;
const WS_E = 3;
const WS_H = 4;
const WS_IP = 5;
const WS_X = 6;
const WS_X0 = 7;
const WS_U = 8;
const WS_V = 9;
const WS_W = 10;
const WS_XH = 11;
const WS_OUT = 12;

/** One run's state (a run is never re-entered: src/fit/slsqp.ts refuses it). */
let nfev = 0;
let njev = 0;
let iter = 0;
let resets = 0;
let fx = 0.0;
let f0 = 0.0;

class S {
  /** The offset in word k of the workspace table at ws. */
  @inline static ptr(ws: usize, k: i32): usize {
    return <usize>load<i32>(ws + ((<usize>k) << 2));
  }

  /** Σ a_i b_i over n doubles, in order. */
  @inline static dot(a: usize, b: usize, n: i32): f64 {
    let s = 0.0;
    for (let i = 0; i < n; i++) s += M.get(a, i) * M.get(b, i);
    return s;
  }

  @inline static norm(a: usize, n: i32): f64 {
    return sqrt(S.dot(a, a, n));
  }

  /** f at x: the faithful objective at d, or the JavaScript one (d = 0). */
  @inline static value(d: usize, x: usize): f64 {
    nfev++;
    return d ? objectiveValue(d, x) : jsValue(x);
  }

  @inline static moved(d: usize, j: i32, xj: f64): f64 {
    nfev++;
    return d ? objectiveMoved(d, j, xj) : jsMoved(j, xj);
  }
}

/**
 * The perturbed coordinate of a forward difference as SciPy's `approx_derivative(method="2-point",
 * abs_step=h)` forms it: x_j + h, falling back to SciPy's relative step where x_j + h = x_j.
 */
export function forwardStep(xj: f64, h: f64): f64 {
  if (xj + h - xj == 0) h = FD_STEP * (xj >= 0 ? 1.0 : -1.0) * max<f64>(1, abs(xj));
  return xj + h;
}

/** The gradient at x, where f was last evaluated (fx): by `moved` when the objective has it. */
function gradient(n: i32, d: usize, hasMoved: bool, h: f64, x: usize, g: usize, xh: usize): void {
  njev++;
  if (!hasMoved) {
    memory.copy(xh, x, (<usize>n) << 3);
    for (let j = 0; j < n; j++) {
      const xj = M.get(x, j);
      M.set(xh, j, forwardStep(xj, h));
      M.set(g, j, (S.value(d, xh) - fx) / (M.get(xh, j) - xj));
      M.set(xh, j, xj);
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    const xj = forwardStep(M.get(x, j), h);
    M.set(g, j, (S.moved(d, j, xj) - fx) / (xj - M.get(x, j)));
  }
}

/** Reset L to the identity; after five resets, the exit mode by the relaxed test (else −1). */
function reset(n: i32, L: usize, s: usize, tol: f64): i32 {
  if (++resets > MAX_RESETS) return abs(fx - f0) < tol || S.norm(s, n) < tol ? 0 : 8;
  memory.fill(L, 0, (<usize>((n * (n + 1)) / 2)) << 3);
  for (let i = 0; i < n; i++) M.set(L, M.packed(n, i, i), 1);
  return -1;
}

/** The run's results into the workspace; returns the exit mode. */
function done(ws: usize, status: i32): i32 {
  const out = S.ptr(ws, WS_OUT);
  store<f64>(out, fx);
  store<i32>(out, iter, 8);
  store<i32>(out, nfev, 12);
  store<i32>(out, njev, 16);
  return status;
}

/**
 * Minimise f from the point at the workspace's x (left there at the end) with SLSQP as SciPy runs
 * it (src/fit/slsqp.ts `slsqp`): f is the faithful objective whose descriptor is at d, or the
 * JavaScript objective (d = 0; `hasMoved`: it has `moved`). acc: SciPy's ftol; h: the absolute
 * forward-difference step. Returns SciPy's exit mode: 0 success, 7 rank-deficient subproblem, 8
 * positive directional derivative, 9 iteration limit.
 */
export function slsqp(n: i32, d: usize, hasMoved: bool, acc: f64, maxIter: i32, h: f64, ws: usize): i32 {
  const L = S.ptr(ws, WS_L);
  const g = S.ptr(ws, WS_G);
  const s = S.ptr(ws, WS_S);
  const x = S.ptr(ws, WS_X);
  const x0 = S.ptr(ws, WS_X0);
  const u = S.ptr(ws, WS_U);
  const v = S.ptr(ws, WS_V);
  const w = S.ptr(ws, WS_W);
  const xh = S.ptr(ws, WS_XH);
  const bytes = (<usize>n) << 3;
  for (let k = WS_X0; k <= WS_XH; k++) memory.fill(S.ptr(ws, k), 0, bytes);
  memory.fill(g, 0, bytes);
  memory.fill(s, 0, bytes);
  const tol = 10 * acc;
  nfev = 0;
  njev = 0;
  iter = 0;
  resets = 0;
  fx = S.value(d, x);
  gradient(n, d, hasMoved, h, x, g, xh);
  f0 = fx;
  reset(n, L, s, tol);
  for (;;) {
    // SciPy 1.10 stops when the counter reaches the limit at the start of an iteration: with
    // maxiter = k it takes k − 1 steps and reports nit = k.
    if (++iter >= maxIter) return done(ws, 9);
    if (!direction(n, L, g, s, S.ptr(ws, WS_E), S.ptr(ws, WS_H), S.ptr(ws, WS_IP))) return done(ws, 7);
    memory.copy(v, g, bytes);
    f0 = fx;
    memory.copy(x0, x, bytes);
    let h3 = S.dot(g, s, n);
    if (abs(h3) < acc) return done(ws, 0);
    if (h3 >= 0) {
      const stop = reset(n, L, s, tol);
      if (stop >= 0) return done(ws, stop);
      continue;
    }
    // Inexact line search on the merit function (f alone without constraints).
    let alpha = 1.0;
    for (let line = 1; ; line++) {
      h3 *= alpha;
      for (let i = 0; i < n; i++) {
        M.set(s, i, M.get(s, i) * alpha);
        M.set(x, i, M.get(x0, i) + M.get(s, i));
      }
      fx = S.value(d, x);
      const h1 = fx - f0;
      if (h1 <= h3 / 10 || line > MAX_LINE_STEPS) break;
      alpha = max(h3 / (2 * (h3 - h1)), ALPHA_MIN);
    }
    if (abs(fx - f0) < acc || S.norm(s, n) < acc) return done(ws, 0);
    gradient(n, d, hasMoved, h, x, g, xh);
    // Damped BFGS update of LDLᵀ: u = Δg, v = B·s.
    for (let i = 0; i < n; i++) M.set(u, i, M.get(g, i) - M.get(v, i));
    for (let i = 0; i < n; i++) {
      let sum = 0.0;
      for (let j = i + 1; j < n; j++) sum += M.get(L, M.packed(n, j, i)) * M.get(s, j);
      M.set(v, i, M.get(s, i) + sum);
    }
    for (let i = 0; i < n; i++) M.set(v, i, M.get(v, i) * M.get(L, M.packed(n, i, i)));
    for (let i = n - 1; i >= 0; i--) {
      let sum = 0.0;
      for (let j = 0; j < i; j++) sum += M.get(L, M.packed(n, i, j)) * M.get(v, j);
      M.set(v, i, M.get(v, i) + sum);
    }
    let h1 = S.dot(s, u, n);
    const h2 = S.dot(s, v, n);
    const damp = 0.2 * h2;
    if (h1 < damp) {
      const h4 = (h2 - damp) / (h2 - h1);
      h1 = damp;
      for (let i = 0; i < n; i++) M.set(u, i, h4 * M.get(u, i) + (1 - h4) * M.get(v, i));
    }
    if (h1 == 0 || h2 == 0) {
      const stop = reset(n, L, s, tol);
      if (stop >= 0) return done(ws, stop);
      continue;
    }
    ldlUpdate(n, L, u, 1 / h1, w);
    ldlUpdate(n, L, v, -1 / h2, w);
  }
  // The loop returns from inside (the compiler does not infer that it never ends).
  return unreachable();
}

/**
 * Rank-one modification LDLᵀ + σ·zzᵀ of the packed factors at a (Fletcher & Powell 1974, as
 * Kraft's LDL implements it: for σ < 0 the auxiliary vector is computed first and kept positive by
 * ε/σ). Overwrites z; w is workspace.
 */
function ldlUpdate(n: i32, a: usize, z: usize, sigma: f64, w: usize): void {
  if (sigma == 0) return;
  let ij = 0;
  let t = 1 / sigma;
  if (sigma < 0) {
    for (let i = 0; i < n; i++) M.set(w, i, M.get(z, i));
    for (let i = 0; i < n; i++) {
      const v = M.get(w, i);
      t += (v * v) / M.get(a, ij);
      for (let j = i + 1; j < n; j++) {
        ij++;
        M.set(w, j, M.get(w, j) - v * M.get(a, ij));
      }
      ij++;
    }
    if (t >= 0) t = EPMACH / sigma;
    for (let i = 0; i < n; i++) {
      const j = n - 1 - i;
      ij -= i + 1;
      const u = M.get(w, j);
      M.set(w, j, t);
      t -= (u * u) / M.get(a, ij);
    }
  }
  for (let i = 0; i < n; i++) {
    const v = M.get(z, i);
    const delta = v / M.get(a, ij);
    const tp = sigma < 0 ? M.get(w, i) : t + delta * v;
    const alpha = tp / t;
    M.set(a, ij, M.get(a, ij) * alpha);
    if (i == n - 1) return;
    const beta = delta / tp;
    if (alpha > 4) {
      const gamma = t / tp;
      for (let j = i + 1; j < n; j++) {
        ij++;
        const u = M.get(a, ij);
        M.set(a, ij, gamma * u + beta * M.get(z, j));
        M.set(z, j, M.get(z, j) - v * u);
      }
    } else {
      for (let j = i + 1; j < n; j++) {
        ij++;
        M.set(z, j, M.get(z, j) - v * M.get(a, ij));
        M.set(a, ij, M.get(a, ij) + beta * M.get(z, j));
      }
    }
    ij++;
    t = tp;
  }
}
