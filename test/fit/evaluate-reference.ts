/**
 * The JavaScript definition of src/fit/evaluate.ts's evaluations, as the library computed them
 * before its row loops moved into WebAssembly (wasm/least-squares.ts): the reference the kernel
 * must reproduce bit for bit (test/fit/evaluate.test.ts).
 */
import type { Design } from "../../src/fit/design.js";

/** Scratch buffers of one design (single-threaded use; a design is never shared across threads). */
interface Work {
  /** θ of the last forward pass (its e and base are still valid when `fresh`). */
  th: Float64Array;
  fresh: boolean;
  sg: number;
  /** e[k][i] = exp(x_{k,i}·θ). */
  e: Float64Array[];
  /** base[i] = Σ_k e[k][i] + z_i·θ (the wrapped prediction before the transformer factor). */
  base: Float64Array;
  /** Per-row multiplier and a temporary. */
  u: Float64Array;
  tmp: Float64Array;
  /** Hessian scratch: c_i·F_i² and a temporary. */
  c: Float64Array | null;
  v: Float64Array | null;
}
const works = new WeakMap<Design, Work>();

function workOf(d: Design): Work {
  let w = works.get(d);
  if (!w) {
    w = {
      th: new Float64Array(d.p),
      fresh: false,
      sg: 1,
      e: d.terms.map(() => new Float64Array(d.m)),
      base: new Float64Array(d.m),
      u: new Float64Array(d.m),
      tmp: new Float64Array(d.m),
      c: null,
      v: null,
    };
    works.set(d, w);
  }
  return w;
}

/** The logistic function σ(x) = 1/(1 + e^−x) of the transformer factor (§2.4). */
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Fill e[k] and base at θ (copied into w.th); returns σ(γ_T) (1 without the transformer factor). */
function forward(d: Design, theta: ArrayLike<number>, w: Work): number {
  const { m, terms, cols } = d;
  const th = w.th;
  if (w.fresh) {
    // A line search's accepted point is evaluated again with derivatives: reuse the pass.
    let same = true;
    for (let j = 0; j < d.p && same; j++) same = th[j] === theta[j];
    if (same) return w.sg;
  }
  for (let j = 0; j < d.p; j++) th[j] = theta[j];
  const base = w.base;
  for (let k = 0; k < terms.length; k++) {
    const X = terms[k];
    const c = cols[k];
    const e = w.e[k];
    const t0 = th[c[0]];
    for (let i = 0; i < m; i++) e[i] = X[i] * t0;
    for (let a = 1; a < c.length; a++) {
      const ta = th[c[a]];
      if (ta === 0) continue;
      const o = a * m;
      for (let i = 0; i < m; i++) e[i] += X[o + i] * ta;
    }
    if (k === 0) for (let i = 0; i < m; i++) base[i] = e[i] = Math.exp(e[i]);
    else
      for (let i = 0; i < m; i++) {
        const v = Math.exp(e[i]);
        e[i] = v;
        base[i] += v;
      }
  }
  if (d.additive) {
    for (const j of d.addCols) {
      const tj = th[j];
      const o = j * m;
      for (let i = 0; i < m; i++) base[i] += d.additive[o + i] * tj;
    }
  }
  w.fresh = true;
  return (w.sg = d.gammaIndex >= 0 ? sigmoid(th[d.gammaIndex]) : 1);
}

/** `predict` of src/fit/evaluate.ts, as JavaScript computed it. */
export function predict(
  design: Design,
  theta: ArrayLike<number>,
  out: Float64Array = new Float64Array(design.m),
): Float64Array {
  const w = workOf(design);
  const sg = forward(design, theta, w);
  const T = design.T;
  if (design.gammaIndex >= 0) for (let i = 0; i < design.m; i++) out[i] = T[i] === 1 ? sg * w.base[i] : w.base[i];
  else out.set(w.base);
  return out;
}

/**
 * Residual pass shared by the gradient and the Hessian: u_i = −(2/m)·w_i·r_i (∂MSE/∂ŷ_i).
 * Returns the MSE, or +∞ when a prediction is not finite.
 */
function residuals(d: Design, y: ArrayLike<number>, sg: number, w: Work): number {
  const { m, T, weight } = d;
  const base = w.base;
  const u = w.u;
  const gam = d.gammaIndex >= 0;
  const c = -2 / m;
  let sse = 0;
  for (let i = 0; i < m; i++) {
    const yhat = gam && T[i] === 1 ? sg * base[i] : base[i];
    const r = y[i] - yhat;
    const wr = weight[i] * r;
    sse += wr * r;
    u[i] = c * wr;
  }
  return Number.isFinite(sse) ? sse / m : Infinity;
}

/** `mseAndGradient` of src/fit/evaluate.ts, as JavaScript computed it. */
export function mseAndGradient(
  design: Design,
  y: ArrayLike<number>,
  theta: ArrayLike<number>,
  grad: Float64Array,
): number {
  const w = workOf(design);
  const sg = forward(design, theta, w);
  const mse = residuals(design, y, sg, w);
  if (mse === Infinity) return (grad.fill(NaN), Infinity);
  gradientFromResiduals(design, sg, w, grad);
  return mse;
}

function gradientFromResiduals(d: Design, sg: number, w: Work, grad: Float64Array): void {
  const { m, terms, cols, T } = d;
  const gi = d.gammaIndex;
  const u = w.u; // ∂MSE/∂ŷ on entry, ∂MSE/∂b = u·F on exit
  const v = w.tmp;
  grad.fill(0);
  if (gi >= 0) {
    let gg = 0;
    const d1 = sg * (1 - sg);
    for (let i = 0; i < m; i++) {
      if (T[i] !== 1) continue;
      gg += u[i] * d1 * w.base[i];
      u[i] *= sg;
    }
    grad[gi] = gg;
  }
  for (let k = 0; k < terms.length; k++) {
    const X = terms[k];
    const c = cols[k];
    const e = w.e[k];
    for (let i = 0; i < m; i++) v[i] = u[i] * e[i];
    for (let a = 0; a < c.length; a++) {
      const o = a * m;
      let s = 0;
      for (let i = 0; i < m; i++) s += v[i] * X[o + i];
      grad[c[a]] += s;
    }
  }
  if (d.additive) {
    for (const j of d.addCols) {
      const o = j * m;
      let s = 0;
      for (let i = 0; i < m; i++) s += u[i] * d.additive[o + i];
      grad[j] += s;
    }
  }
}

/**
 * Σ_i v[i]·Y[o + i] for i < m, with four partial sums: the additions then do not wait on each
 * other, which makes this loop (the Hessian's inner loop) about twice as fast in V8.
 */
function dot(v: Float64Array, Y: Float64Array, o: number, m: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < m; i += 4) {
    s0 += v[i] * Y[o + i];
    s1 += v[i + 1] * Y[o + i + 1];
    s2 += v[i + 2] * Y[o + i + 2];
    s3 += v[i + 3] * Y[o + i + 3];
  }
  for (; i < m; i++) s0 += v[i] * Y[o + i];
  return s0 + s1 + (s2 + s3);
}

/**
 * H[cx_a, cy_b] += Σ_i wt_i·X[ox + a·m + i]·Y[oy + b·m + i] over the column pairs of two feature
 * blocks (and the mirrored entry); `same`: one block with itself, lower triangle only. Sums run
 * over the non-zero rows of a sparse column (nzX[a], nzY[b]) when there is one.
 */
function gramBlock(
  hess: Float64Array,
  p: number,
  m: number,
  wt: Float64Array,
  v: Float64Array,
  X: Float64Array,
  ox: number,
  cx: Int32Array,
  nzX: (Int32Array | null)[] | null,
  Y: Float64Array,
  oy: number,
  cy: Int32Array,
  nzY: (Int32Array | null)[] | null,
  same: boolean,
): void {
  for (let a = 0; a < cx.length; a++) {
    const oa = ox + a * m;
    const za = nzX ? nzX[a] : null;
    if (za) for (let r = 0; r < za.length; r++) v[za[r]] = wt[za[r]] * X[oa + za[r]];
    else for (let i = 0; i < m; i++) v[i] = wt[i] * X[oa + i];
    const nb = same ? a + 1 : cy.length;
    const ra = cx[a];
    for (let b = 0; b < nb; b++) {
      const ob = oy + b * m;
      const zb = nzY ? nzY[b] : null;
      // Sum over the sparser index set (v is valid on za; Y is zero off zb).
      const z = za && (!zb || za.length <= zb.length) ? za : zb;
      let s = 0;
      if (z) {
        if (za && z !== za) {
          // zb is sparser than za: rows of zb outside za have X = 0, so test membership via X.
          for (let r = 0; r < z.length; r++) {
            const i = z[r];
            if (X[oa + i] !== 0) s += v[i] * Y[ob + i];
          }
        } else for (let r = 0; r < z.length; r++) s += v[z[r]] * Y[ob + z[r]];
      } else s = dot(v, Y, ob, m);
      const rb = cy[b];
      hess[ra * p + rb] += s;
      if (ra !== rb || !same) hess[rb * p + ra] += s;
    }
  }
}

/** `mseGradHess` of src/fit/evaluate.ts (which documents it), as JavaScript computed it. */
export function mseGradHess(
  design: Design,
  y: ArrayLike<number>,
  theta: ArrayLike<number>,
  grad: Float64Array | null,
  hess: Float64Array | null,
  gaussNewton = false,
): number {
  if (grad === null) return mseValue(design, y, theta);
  if (hess === null) return mseAndGradient(design, y, theta, grad);
  const { m, p, terms, cols, T, weight } = design;
  const w = workOf(design);
  const sg = forward(design, theta, w);
  const mse = residuals(design, y, sg, w);
  if (mse === Infinity) return (grad.fill(NaN), hess.fill(NaN), Infinity);
  gradientFromResiduals(design, sg, w, grad); // turns u into u·F
  const gi = design.gammaIndex;
  const d1 = sg * (1 - sg);
  const uF = w.u; // u_i·F_i
  const so = gaussNewton ? 0 : 1; // weight of the second-order part Σ u_i ∇²ŷ_i
  const cF2 = (w.c ??= new Float64Array(m)); // c_i·F_i²
  for (let i = 0; i < m; i++) {
    const F = gi >= 0 && T[i] === 1 ? sg : 1;
    cF2[i] = (2 / m) * weight[i] * F * F;
  }
  hess.fill(0);
  const wt = w.tmp;
  const v = (w.v ??= new Float64Array(m));
  const K = terms.length;
  for (let k = 0; k < K; k++) {
    const ek = w.e[k];
    for (let i = 0; i < m; i++) wt[i] = ek[i] * (cF2[i] * ek[i] + so * uF[i]);
    gramBlock(hess, p, m, wt, v, terms[k], 0, cols[k], design.nz[k], terms[k], 0, cols[k], design.nz[k], true);
    for (let l = k + 1; l < K; l++) {
      const el = w.e[l];
      for (let i = 0; i < m; i++) wt[i] = cF2[i] * ek[i] * el[i];
      gramBlock(hess, p, m, wt, v, terms[k], 0, cols[k], design.nz[k], terms[l], 0, cols[l], design.nz[l], false);
    }
  }
  if (design.additive) {
    const Z = design.additive;
    const zc = design.addCols;
    const one = (j: number) => Int32Array.of(j);
    for (let k = 0; k < K; k++) {
      const ek = w.e[k];
      for (let i = 0; i < m; i++) wt[i] = cF2[i] * ek[i];
      for (const j of zc)
        gramBlock(hess, p, m, wt, v, terms[k], 0, cols[k], design.nz[k], Z, j * m, one(j), null, false);
    }
    for (let i = 0; i < m; i++) wt[i] = cF2[i];
    for (let x = 0; x < zc.length; x++)
      for (let y2 = 0; y2 <= x; y2++)
        gramBlock(
          hess,
          p,
          m,
          wt,
          v,
          Z,
          zc[x] * m,
          one(zc[x]),
          null,
          Z,
          zc[y2] * m,
          one(zc[y2]),
          null,
          zc[x] === zc[y2],
        );
  }
  if (gi >= 0) {
    // ∂ŷ/∂γ = σ'b on transformer rows; ∂²ŷ/∂γ∂θ_j = σ'·∂b/∂θ_j; ∂²ŷ/∂γ² = σ'(1 − 2σ)b.
    // uF = u·σ on those rows, so u = uF/σ.
    const gcol = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      if (T[i] !== 1) continue;
      const u = uF[i] / sg;
      gcol[i] = 1;
      wt[i] = (cF2[i] / sg) * d1 * w.base[i] + so * u * d1; // c·F·σ'b + u·σ', times ∂b/∂θ_j below
    }
    for (let i = 0; i < m; i++) if (T[i] !== 1) wt[i] = 0;
    const gi1 = Int32Array.of(gi);
    const save = Float64Array.from(wt);
    for (let k = 0; k < K; k++) {
      const ek = w.e[k];
      for (let i = 0; i < m; i++) wt[i] = save[i] * ek[i];
      gramBlock(hess, p, m, wt, v, terms[k], 0, cols[k], design.nz[k], gcol, 0, gi1, null, false);
    }
    wt.set(save);
    if (design.additive)
      for (const j of design.addCols)
        gramBlock(hess, p, m, wt, v, design.additive, j * m, Int32Array.of(j), null, gcol, 0, gi1, null, false);
    let s = 0;
    for (let i = 0; i < m; i++) {
      if (T[i] !== 1) continue;
      const u = uF[i] / sg;
      const b0 = w.base[i];
      s += (2 / m) * weight[i] * (d1 * b0) ** 2 + so * u * d1 * (1 - 2 * sg) * b0;
    }
    hess[gi * p + gi] += s;
  }
  return mse;
}

/** `mseValue` of src/fit/evaluate.ts, as JavaScript computed it. */
export function mseValue(design: Design, y: ArrayLike<number>, theta: ArrayLike<number>): number {
  const w = workOf(design);
  return residuals(design, y, forward(design, theta, w), w);
}

/** `jacobian` of src/fit/evaluate.ts, as JavaScript computed it. */
export function jacobian(design: Design, theta: ArrayLike<number>): Float64Array {
  const { m, p, terms, cols, T } = design;
  const w = workOf(design);
  const sg = forward(design, theta, w);
  const gi = design.gammaIndex;
  const out = new Float64Array(m * p);
  for (let i = 0; i < m; i++) {
    const F = gi >= 0 && T[i] === 1 ? sg : 1;
    for (let k = 0; k < terms.length; k++) {
      const c = cols[k];
      for (let a = 0; a < c.length; a++) out[i * p + c[a]] += F * w.e[k][i] * terms[k][a * m + i];
    }
    if (design.additive) for (const j of design.addCols) out[i * p + j] += F * design.additive[j * m + i];
    if (gi >= 0 && T[i] === 1) out[i * p + gi] = sg * (1 - sg) * w.base[i];
  }
  return out;
}
