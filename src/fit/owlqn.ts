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
  // The last `mem` accepted pairs (s, y) and their ρ = 1/(sᵀy), oldest first from `head`, in one
  // ring of rows (k doubles each): with four parameters (the saturating law) this loop's own work
  // was about a third of a fit, and rows of one array beat an array of arrays.
  const S = new Float64Array(mem * k);
  const Y = new Float64Array(mem * k);
  const rho = new Float64Array(mem);
  let head = 0;
  let count = 0;
  /** Slot of the t-th oldest pair (its s at S[slot·k], ρ at rho[slot]). */
  const slot = (t: number) => (head + t) % mem;
  const d = new Float64Array(k);
  const next = new Float64Array(k);
  const gNew = new Float64Array(k);
  const alpha = new Float64Array(mem);
  const s = new Float64Array(k);
  const y = new Float64Array(k);
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
    for (let t = count - 1; t >= 0; t--) {
      const i = slot(t);
      const r = i * k;
      let a = 0;
      for (let j = 0; j < k; j++) a += S[r + j] * d[j];
      a *= rho[i];
      alpha[t] = a;
      for (let j = 0; j < k; j++) d[j] -= a * Y[r + j];
    }
    if (count) {
      const i = slot(count - 1);
      const r = i * k;
      let yy = 0;
      for (let j = 0; j < k; j++) yy += Y[r + j] * Y[r + j];
      const gamma = 1 / (rho[i] * yy);
      for (let j = 0; j < k; j++) d[j] *= gamma;
    }
    for (let t = 0; t < count; t++) {
      const i = slot(t);
      const r = i * k;
      let b = 0;
      for (let j = 0; j < k; j++) b += Y[r + j] * d[j];
      b *= rho[i];
      for (let j = 0; j < k; j++) d[j] += S[r + j] * (alpha[t] - b);
    }
    // Keep penalised coordinates in the orthant the pseudo-gradient points away from.
    let slope = 0;
    for (let j = 0; j < k; j++) {
      if (w[j] > 0 && d[j] * pg[j] >= 0) d[j] = 0;
      slope += d[j] * pg[j];
    }
    if (!(slope < 0)) {
      head = count = 0;
      for (let j = 0; j < k; j++) d[j] = -pg[j];
      slope = -pg.reduce((s, v) => s + v * v, 0);
    }
    const step = iter === 1 && count === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
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
      // Into the next free slot, or over the oldest pair once the memory is full (it becomes the newest).
      let i: number;
      if (count < mem) i = slot(count++);
      else {
        i = slot(0);
        head = (head + 1) % mem;
      }
      S.set(s, i * k);
      Y.set(y, i * k);
      rho[i] = 1 / sy;
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
