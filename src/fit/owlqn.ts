import {
  type OptimResult,
  type Smooth,
  finishRun,
  l1,
  notFiniteAtStart,
  orthantLineSearch,
  pseudoGradient,
} from "./optim-common.js";

/**
 * OWL-QN: limited-memory BFGS restricted to the orthant of the current iterate, which minimises
 * f + Σ w|θ| exactly (coordinates can land on and stay at 0). With w = 0 it is plain L-BFGS.
 * Converges when the pseudo-gradient's ∞-norm is ≤ `tol`, or stalls (reported as not converged
 * unless the violation is already small).
 */
// Long by design: one OWL-QN iteration (pseudo-gradient, two-loop recursion, projected line search, stop tests) reads
// as one loop, as in Andrew & Gao's description.
// eslint-disable-next-line max-lines-per-function -- long by design, as the comment above says
export function owlqn(
  f: Smooth,
  start: Float64Array,
  w: Float64Array,
  opts: { tol?: number; maxIter?: number; memory?: number } = {},
): OptimResult {
  const k = start.length;
  const tol = opts.tol ?? 1e-10;
  const maxIter = opts.maxIter ?? 5000;
  const mem = opts.memory ?? 12;
  const theta = Float64Array.from(start);
  const g = new Float64Array(k);
  const pg = new Float64Array(k);
  let evals = 0;
  const value = (th: Float64Array, grad: Float64Array) => (evals++, f(th, grad) + l1(th, w));
  let fx = value(theta, g);
  if (!Number.isFinite(fx)) return notFiniteAtStart(theta, fx);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(k);
  const next = new Float64Array(k);
  const gNew = new Float64Array(k);
  const alpha = new Float64Array(mem);
  // The pair (s, y) of the next accepted step.
  let s: Float64Array = new Float64Array(k);
  let y: Float64Array = new Float64Array(k);
  let iter = 0;
  let stalls = 0;
  let stop: string | null = `iteration limit (${maxIter})`;
  let opt = pseudoGradient(theta, g, w, pg);
  while (iter < maxIter) {
    if (opt <= tol) {
      stop = null;
      break;
    }
    iter++;
    // Two-loop recursion on the pseudo-gradient.
    for (let j = 0; j < k; j++) d[j] = -pg[j];
    for (let i = S.length - 1; i >= 0; i--) {
      let a = 0;
      for (let j = 0; j < k; j++) a += S[i][j] * d[j];
      a *= rho[i];
      alpha[i] = a;
      for (let j = 0; j < k; j++) d[j] -= a * Y[i][j];
    }
    if (S.length) {
      const last = S.length - 1;
      let yy = 0;
      for (let j = 0; j < k; j++) yy += Y[last][j] * Y[last][j];
      const gamma = 1 / (rho[last] * yy);
      for (let j = 0; j < k; j++) d[j] *= gamma;
    }
    for (let i = 0; i < S.length; i++) {
      let b = 0;
      for (let j = 0; j < k; j++) b += Y[i][j] * d[j];
      b *= rho[i];
      for (let j = 0; j < k; j++) d[j] += S[i][j] * (alpha[i] - b);
    }
    // Keep penalised coordinates in the orthant the pseudo-gradient points away from.
    let slope = 0;
    for (let j = 0; j < k; j++) {
      if (w[j] > 0 && d[j] * pg[j] >= 0) d[j] = 0;
      slope += d[j] * pg[j];
    }
    if (!(slope < 0)) {
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < k; j++) d[j] = -pg[j];
      slope = -pg.reduce((s, v) => s + v * v, 0);
    }
    const step = iter === 1 && S.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const ls = orthantLineSearch(theta, d, pg, w, fx, step, next, (x) => value(x, gNew));
    const fNew = ls.value;
    const accepted = ls.accepted;
    if (!accepted) {
      stop = "line search failed (no further decrease at machine precision)";
      break;
    }
    let sy = 0;
    for (let j = 0; j < k; j++) {
      s[j] = next[j] - theta[j];
      y[j] = gNew[j] - g[j];
      sy += s[j] * y[j];
    }
    if (sy > 1e-16) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      // The next pair is written into the oldest one's arrays once the memory is full (typed arrays
      // allocated per iteration were a tenth of chapter 7's optimiser time).
      if (S.length > mem) {
        s = S.shift()!;
        y = Y.shift()!;
        rho.shift();
      } else {
        s = new Float64Array(k);
        y = new Float64Array(k);
      }
    }
    stalls = fx - fNew <= 1e-16 * Math.max(1, Math.abs(fx)) ? stalls + 1 : 0;
    theta.set(next);
    g.set(gNew);
    fx = fNew;
    opt = pseudoGradient(theta, g, w, pg);
    if (stalls >= 10) {
      stop = "no decrease in 10 iterations";
      break;
    }
  }
  return finishRun(theta, fx, opt, tol, stop, { iterations: iter, fnEvals: evals });
}
