import type { Design } from "./design.js";
import { type Kernel, Layout, Region } from "./wasm-kernel.js";

/**
 * Evaluations of a model design (§3.1, §3.4): predictions, the mean squared error, its exact
 * gradient and Hessian. The row loops run in the WebAssembly kernel (wasm/least-squares.ts, which
 * says why), on a copy of the design's arrays in a region of the thread's kernel memory; this
 * module lays the region out, passes θ and y in and reads the results. The doubles are those of
 * the JavaScript definition the kernel replaced (test/fit/evaluate-reference.ts; the tests check
 * every output bit for bit on every model).
 */

/** The logistic function σ(x) = 1/(1 + e^−x) of the transformer factor (§2.4). */
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Byte offsets of a design's region (see `slotOf`) and the region. */
interface Slot {
  region: Region;
  desc: number;
  x: number;
  y: number;
  base: number;
  grad: number;
  hess: number;
  u: number;
  e: number[];
}
const slots = new WeakMap<Design, Slot>();

/** Descriptor words before the terms, and per term (`W_*`, `TERM_WORDS` in wasm/least-squares.ts). */
const DESC_WORDS = 25;
const TERM_WORDS = 6;

/**
 * The region of a design: its columns, transformer flags, weights, additive columns and sparse
 * row lists, with the kernel's work arrays, laid out once per design (a design is used by one
 * thread). The descriptor lists them in the order wasm/least-squares.ts reads them.
 */
function slotOf(d: Design): Slot {
  const known = slots.get(d);
  if (known) return known;
  const { m, p, terms, cols, nz, additive, addCols } = d;
  const L = new Layout();
  const desc = L.i32(DESC_WORDS + TERM_WORDS * terms.length);
  const words = {
    x: L.f64(p),
    th: L.f64(p),
    base: L.f64(m),
    u: L.f64(m),
    tmp: L.f64(m),
    c: L.f64(m),
    v: L.f64(m),
    gcol: L.f64(m),
    save: L.f64(m),
    grad: L.f64(p),
    hess: L.f64(p * p),
    ex: L.f64(m),
    oneA: L.i32(6),
    oneB: L.i32(6),
    y: L.f64(m),
    T: L.f64(m),
    weight: L.f64(m),
    Z: additive ? L.f64(p * m) : 0,
    addCols: L.i32(addCols.length),
  };
  const term = terms.map((_, k) => ({
    X: L.f64(cols[k].length * m),
    cols: L.i32(cols[k].length),
    nzAt: L.i32(cols[k].length),
    nzLen: L.i32(cols[k].length),
    lists: nz[k].map((z) => (z ? L.i32(z.length) : 0)),
    e: L.f64(m),
  }));
  // prettier-ignore
  const descriptor = [
    m, p, terms.length, d.gammaIndex, addCols.length, words.Z, words.addCols, words.T, words.weight, words.y,
    words.x, words.th, words.base, words.u, words.tmp, words.c, words.v, words.gcol, words.save, words.grad,
    words.hess, 0, words.ex, words.oneA, words.oneB,
    ...term.flatMap((t, k) => [t.X, t.cols, cols[k].length, t.nzAt, t.nzLen, t.e]),
  ];
  const FRESH = 21;
  const region = new Region(L.bytes, (k: Kernel, i32: Int32Array) => {
    // The data, and no forward pass yet (the work arrays are another region's now).
    i32.set(descriptor, desc / 4);
    i32[desc / 4 + FRESH] = 0;
    k.f64.set(d.T, words.T / 8);
    k.f64.set(d.weight, words.weight / 8);
    if (additive) k.f64.set(additive, words.Z / 8);
    i32.set(addCols, words.addCols / 4);
    term.forEach((t, j) => {
      k.f64.set(terms[j], t.X / 8);
      i32.set(cols[j], t.cols / 4);
      i32.set(t.lists, t.nzAt / 4);
      i32.set(
        nz[j].map((z) => z?.length ?? 0),
        t.nzLen / 4,
      );
      nz[j].forEach((z, a) => z && i32.set(z, t.lists[a] / 4));
    });
  });
  const slot: Slot = {
    region,
    desc,
    x: words.x,
    y: words.y,
    base: words.base,
    grad: words.grad,
    hess: words.hess,
    u: words.u,
    e: term.map((t) => t.e),
  };
  slots.set(d, slot);
  return slot;
}

/** The design's region entered with θ (and y, when given) written; σ(γ_T) at θ (1 without it). */
function enter(d: Design, theta: ArrayLike<number>, y: ArrayLike<number> | null): { s: Slot; k: Kernel; sg: number } {
  const s = slotOf(d);
  const k = s.region.enter();
  k.f64.set(theta, s.x / 8);
  if (y) k.f64.set(y, s.y / 8);
  return { s, k, sg: d.gammaIndex >= 0 ? sigmoid(theta[d.gammaIndex]) : 1 };
}

/**
 * Predictions ŷ (ln perplexity) of the design at θ, written to `out`. Non-finite values are possible.
 *
 * @example
 * const yhat = predict(design, theta); // one per row; y[0] = 2.9014
 * yhat[0]; // → 2.9527
 */
export function predict(
  design: Design,
  theta: ArrayLike<number>,
  out: Float64Array = new Float64Array(design.m),
): Float64Array {
  const { s, k, sg } = enter(design, theta, null);
  k.fn.lsForward(s.desc);
  const base = k.f64.subarray(s.base / 8, s.base / 8 + design.m);
  const T = design.T;
  if (design.gammaIndex >= 0) for (let i = 0; i < design.m; i++) out[i] = T[i] === 1 ? sg * base[i] : base[i];
  else out.set(base);
  return out;
}

/** Designs `quadraticFormGradient` has checked (it is called once per likelihood evaluation). */
const quadraticDesigns = new WeakSet<Design>();

/**
 * The gradient with respect to θ of the Gaussian quadratic form εᵀR⁻¹ε/(2σ²), ε = y − ŷ(θ), given
 * u = R⁻¹ε (docs/method.md §4.2, the clustered-error likelihood): out_j = −Σ_i (u_i·∂ŷ_i/∂θ_j)/σ²,
 * each a serial sum in row order of −(u_i·(e_ik·x_ikj))/σ², written for the p parameters. For
 * designs without γ_T or additive columns whose parameters are each a feature of one term (model 7).
 *
 * @example
 * // model 7 on data, u = R⁻¹ε from the residuals at θ
 * quadraticFormGradient(design, theta, u, 0.04, new Float64Array(design.p));
 */
export function quadraticFormGradient(
  design: Design,
  theta: ArrayLike<number>,
  u: ArrayLike<number>,
  sigma2: number,
  out: Float64Array,
): Float64Array {
  if (!quadraticDesigns.has(design)) {
    const features = design.cols.flatMap((c) => [...c]);
    const p = design.p;
    if (design.gammaIndex >= 0 || design.additive || features.length !== p || new Set(features).size !== p)
      throw new Error(
        "quadraticFormGradient: each parameter must be a feature of one term, without γ_T or additive columns",
      );
    quadraticDesigns.add(design);
  }
  // u is written into the kernel's memory beside the design's other arrays: a longer one would overwrite them.
  if (u.length !== design.m)
    throw new RangeError(`quadraticFormGradient: u has ${u.length} values for a design of ${design.m} rows`);
  const { s, k } = enter(design, theta, null);
  k.f64.set(u, s.u / 8);
  k.fn.lsQuadraticGradient(s.desc, sigma2);
  out.set(k.f64.subarray(s.grad / 8, s.grad / 8 + design.p));
  return out;
}

/**
 * Mean squared error (1/m)Σw_i(y_i − ŷ_i)² (§3.1, without the penalty) and its exact gradient with
 * respect to θ, written to `grad`. Returns +∞ (gradient NaN) when any prediction is not finite
 * (§3.4). Cost: one pass per term over the design, one exp per row and term.
 */
export function mseAndGradient(
  design: Design,
  y: ArrayLike<number>,
  theta: ArrayLike<number>,
  grad: Float64Array,
): number {
  const { s, k, sg } = enter(design, theta, y);
  const mse = k.fn.lsGradient(s.desc, sg);
  grad.set(k.f64.subarray(s.grad / 8, s.grad / 8 + design.p));
  return mse;
}

/**
 * MSE, its exact gradient and its exact Hessian (p×p, row-major) at θ (§3.4). With
 * ŷ_i = F_i·b_i, b_i = Σ_k e_ik + z_i·θ, e_ik = exp(x_ik·θ), c_i = (2/m)w_i, u_i = −c_i r_i:
 *   ∇²MSE = Σ_i c_i ∇ŷ_i ∇ŷ_iᵀ + Σ_i u_i ∇²ŷ_i,
 * evaluated block by block on the design's own feature columns: the (k, k) block of terms is
 * Σ_i (c_i F_i² e_ik² + u_i F_i e_ik) x_ik x_ikᵀ (one weighted Gram matrix, the second-order part
 * folded in), the (k, l) blocks Σ_i c_i F_i² e_ik e_il x_ik x_ilᵀ, plus additive and γ_T rows.
 * No dense Jacobian is formed. `hess` null: value and gradient only; `grad` null: value only.
 * `gaussNewton`: the Gauss–Newton matrix Σ_i c_i ∇ŷ_i ∇ŷ_iᵀ instead (positive semi-definite; the
 * optimiser's fallback where the Hessian is indefinite, far from an optimum).
 * Returns +∞ (NaN derivatives) when a prediction is not finite.
 */
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
  const { s, k, sg } = enter(design, theta, y);
  const mse = k.fn.lsGradHess(s.desc, sg, gaussNewton);
  const { p } = design;
  grad.set(k.f64.subarray(s.grad / 8, s.grad / 8 + p));
  hess.set(k.f64.subarray(s.hess / 8, s.hess / 8 + p * p));
  return mse;
}

/** Mean squared error alone (line searches need no gradient); +∞ when a prediction is not finite. */
export function mseValue(design: Design, y: ArrayLike<number>, theta: ArrayLike<number>): number {
  const { s, k, sg } = enter(design, theta, y);
  return k.fn.lsValue(s.desc, sg);
}

/** ∂ŷ/∂θ for every row (m×p, row-major) at θ, written to `out`. */
export function jacobian(
  design: Design,
  theta: ArrayLike<number>,
  out: Float64Array = new Float64Array(design.m * design.p),
): Float64Array {
  const { m, p, terms, cols, T } = design;
  const { s, k, sg } = enter(design, theta, null);
  k.fn.lsForward(s.desc);
  const e = s.e.map((at) => k.f64.subarray(at / 8, at / 8 + m));
  const base = k.f64.subarray(s.base / 8, s.base / 8 + m);
  const gi = design.gammaIndex;
  out.fill(0);
  const F = (i: number) => (gi >= 0 && T[i] === 1 ? sg : 1);
  // Column by column (each entry's terms still added in term order, then the additive part).
  for (let q = 0; q < terms.length; q++) {
    const c = cols[q];
    const X = terms[q];
    const eq = e[q];
    for (let a = 0; a < c.length; a++) {
      const o = a * m;
      const j = c[a];
      for (let i = 0; i < m; i++) out[i * p + j] += F(i) * eq[i] * X[o + i];
    }
  }
  if (design.additive)
    for (const j of design.addCols) for (let i = 0; i < m; i++) out[i * p + j] += F(i) * design.additive[j * m + i];
  if (gi >= 0) for (let i = 0; i < m; i++) if (T[i] === 1) out[i * p + gi] = sg * (1 - sg) * base[i];
  return out;
}
