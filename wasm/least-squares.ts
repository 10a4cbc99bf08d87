/**
 * The mean squared error of a model design, its exact gradient and its exact Hessian (src/fit/evaluate.ts
 * documents them; docs/method.md §3.4): the evaluations of the multi-start estimators (`penalized`,
 * `nls`, `penalized-slopes`), whose Newton runs make a few dozen of them per start.
 *
 * Why WebAssembly: these are the report's heaviest loops (a specification curve fits thousands of
 * resamples three times each), and in JavaScript a Hessian's dot products and a forward pass's
 * exponentials cost two to three times what they cost here: the dot product's four partial sums sit
 * in two SIMD registers, and exp runs two lanes at a time (`expInto`). Every operation is the one
 * the JavaScript definition performs, in its order: the same four partial sums, the same serial
 * sums elsewhere, V8's Math.exp (fdlibm's, with Math.E at 1), no fused multiply-add; so every double
 * is the one JavaScript computed (test/fit/evaluate.test.ts checks it bit for bit).
 *
 * Arrays are stored column-major with stride m (column a of a block at a·m), as src/fit/design.ts
 * holds them. The descriptor `d` (i32 words, `W_*`, written by src/fit/evaluate.ts) gives sizes and
 * byte offsets; per term, `TERM_WORDS` words from `W_TERM`.
 */
import { expInto } from "./faithful-kernel";
import { F64, I, M } from "./memory";

const W_M = 0;
const W_P = 1;
const W_K = 2; // exponential terms
const W_GI = 3; // index of γ_T, −1 without it
const W_NADD = 4; // parameters with an additive column
const W_Z = 5; // additive columns (p·m), 0 without them
const W_ADD_COLS = 6; // their parameter indices (i32)
const W_T = 7;
const W_WEIGHT = 8;
const W_Y = 9;
const W_X = 10; // θ of this call (p doubles, written by the caller)
const W_TH = 11; // θ of the last forward pass
const W_BASE = 12;
const W_U = 13;
const W_TMP = 14;
const W_C = 15;
const W_V = 16;
const W_GCOL = 17;
const W_SAVE = 18;
const W_GRAD = 19;
const W_HESS = 20;
const W_FRESH = 21; // 1 when TH, e and base hold a forward pass (a value, not an offset)
const W_EX = 22; // exp scratch (m)
const W_ONE_A = 23; // two single-column blocks for `gram` (six words each, `D.single`)
const W_ONE_B = 24;
const W_TERM = 25; // per term: X, cols, nc, nz offsets, nz counts, e (`T_*`)
const TERM_WORDS = 6;
const T_X = 0;
const T_COLS = 1;
const T_NC = 2;
const T_NZ = 3;
const T_NZ_LEN = 4;
const T_E = 5;

/** Math.E, which V8's Math.exp returns at exactly 1 (fdlibm's algorithm gives one ulp more). */
const E_CONST: f64 = 2.718281828459045;

/**
 * Reading the descriptor and the i32 lists (static methods: the parsers of eslint and prettier
 * refuse decorated functions).
 */
class D {
  /** Word i of the descriptor at d. */
  @inline static word(d: usize, i: i32): i32 {
    return load<i32>(d + ((<usize>i) << 2));
  }
  /** Word i of the descriptor at d, an offset. */
  @inline static at(d: usize, i: i32): usize {
    return <usize>load<i32>(d + ((<usize>i) << 2));
  }
  /** Field f of term k. */
  @inline static term(d: usize, k: i32, f: i32): usize {
    return D.field(D.block(d, k), f);
  }
  /** Term k's fields as a block for `gram` (X, cols, nc, nz, nz counts, then e). */
  @inline static block(d: usize, k: i32): usize {
    return d + ((<usize>(W_TERM + k * TERM_WORDS)) << 2);
  }
  /** Field f of the block at b. */
  @inline static field(b: usize, f: i32): usize {
    return <usize>load<i32>(b + ((<usize>f) << 2));
  }
  /** Offset of double i of the array at p. */
  @inline static addr(p: usize, i: i32): usize {
    return p + ((<usize>i) << F64);
  }
  /**
   * A block of one dense column X of parameter j for `gram`, written at the descriptor's slot `slot`
   * (six words: the block's five, then the one-element list).
   */
  @inline static single(d: usize, slot: i32, X: usize, j: i32): usize {
    const b = D.at(d, slot);
    store<i32>(b + 20, j);
    store<i32>(b + ((<usize>T_X) << 2), <i32>X);
    store<i32>(b + ((<usize>T_COLS) << 2), <i32>(b + 20));
    store<i32>(b + ((<usize>T_NC) << 2), 1);
    store<i32>(b + ((<usize>T_NZ) << 2), 0);
    store<i32>(b + ((<usize>T_NZ_LEN) << 2), 0);
    return b;
  }
}

/** Fill each term's e and base at θ (copied from X into TH), as src/fit/evaluate.ts `forward`. */
function forward(d: usize): void {
  const m = D.word(d, W_M);
  const p = D.word(d, W_P);
  const x = D.at(d, W_X);
  const th = D.at(d, W_TH);
  if (D.word(d, W_FRESH)) {
    // A line search's accepted point is evaluated again with derivatives: reuse the pass.
    let same = true;
    for (let j = 0; j < p && same; j++) same = M.get(th, j) == M.get(x, j);
    if (same) return;
  }
  for (let j = 0; j < p; j++) M.set(th, j, M.get(x, j));
  const base = D.at(d, W_BASE);
  const ex = D.at(d, W_EX);
  const K = D.word(d, W_K);
  for (let k = 0; k < K; k++) {
    const X = D.term(d, k, T_X);
    const c = D.term(d, k, T_COLS);
    const nc = <i32>D.term(d, k, T_NC);
    const e = D.term(d, k, T_E);
    const t0 = f64x2.splat(M.get(th, I.get(c, 0)));
    let i = 0;
    for (; i + 1 < m; i += 2) v128.store(D.addr(e, i), f64x2.mul(v128.load(D.addr(X, i)), t0));
    if (i < m) M.set(e, i, M.get(X, i) * f64x2.extract_lane(t0, 0));
    for (let a = 1; a < nc; a++) {
      const s = M.get(th, I.get(c, a));
      if (s == 0) continue;
      const ta = f64x2.splat(s);
      const o = D.addr(X, a * m);
      i = 0;
      for (; i + 1 < m; i += 2)
        v128.store(D.addr(e, i), f64x2.add(v128.load(D.addr(e, i)), f64x2.mul(v128.load(o + ((<usize>i) << F64)), ta)));
      if (i < m) M.set(e, i, M.get(e, i) + M.get(o, i) * s);
    }
    expInto(e, ex, m);
    if (k == 0)
      for (let r = 0; r < m; r++) {
        const v = M.get(e, r) == 1 ? E_CONST : M.get(ex, r);
        M.set(e, r, v);
        M.set(base, r, v);
      }
    else
      for (let r = 0; r < m; r++) {
        const v = M.get(e, r) == 1 ? E_CONST : M.get(ex, r);
        M.set(e, r, v);
        M.set(base, r, M.get(base, r) + v);
      }
  }
  const nAdd = D.word(d, W_NADD);
  if (nAdd) {
    const Z = D.at(d, W_Z);
    const addCols = D.at(d, W_ADD_COLS);
    for (let q = 0; q < nAdd; q++) {
      const j = I.get(addCols, q);
      const tj = M.get(th, j);
      const o = D.addr(Z, j * m);
      for (let r = 0; r < m; r++) M.set(base, r, M.get(base, r) + M.get(o, r) * tj);
    }
  }
  store<i32>(d + ((<usize>W_FRESH) << 2), 1);
}

/** u_i = −(2/m)·w_i·r_i and the MSE (+∞ when not finite), as `residuals`. */
function residuals(d: usize, sg: f64): f64 {
  const m = D.word(d, W_M);
  const T = D.at(d, W_T);
  const weight = D.at(d, W_WEIGHT);
  const y = D.at(d, W_Y);
  const base = D.at(d, W_BASE);
  const u = D.at(d, W_U);
  const gam = D.word(d, W_GI) >= 0;
  const c = -2 / <f64>m;
  let sse = 0.0;
  for (let i = 0; i < m; i++) {
    const yhat = gam && M.get(T, i) == 1 ? sg * M.get(base, i) : M.get(base, i);
    const r = M.get(y, i) - yhat;
    const wr = M.get(weight, i) * r;
    sse += wr * r;
    M.set(u, i, c * wr);
  }
  return isFinite(sse) ? sse / <f64>m : Infinity;
}

/** ∂MSE/∂θ into grad from u (turned into u·F), as `gradientFromResiduals`. */
function gradient(d: usize, sg: f64): void {
  const m = D.word(d, W_M);
  const p = D.word(d, W_P);
  const gi = D.word(d, W_GI);
  const T = D.at(d, W_T);
  const base = D.at(d, W_BASE);
  const u = D.at(d, W_U);
  const v = D.at(d, W_TMP);
  const grad = D.at(d, W_GRAD);
  memory.fill(grad, 0, (<usize>p) << F64);
  if (gi >= 0) {
    let gg = 0.0;
    const d1 = sg * (1 - sg);
    for (let i = 0; i < m; i++) {
      if (M.get(T, i) != 1) continue;
      gg += M.get(u, i) * d1 * M.get(base, i);
      M.set(u, i, M.get(u, i) * sg);
    }
    M.set(grad, gi, gg);
  }
  const K = D.word(d, W_K);
  for (let k = 0; k < K; k++) {
    const X = D.term(d, k, T_X);
    const c = D.term(d, k, T_COLS);
    const nc = <i32>D.term(d, k, T_NC);
    const e = D.term(d, k, T_E);
    for (let i = 0; i < m; i++) M.set(v, i, M.get(u, i) * M.get(e, i));
    let a = 0;
    for (; a + 3 < nc; a += 4) addSerialSums4(v, D.addr(X, a * m), m, c, a, grad);
    for (; a < nc; a++) {
      const o = D.addr(X, a * m);
      let s = 0.0;
      for (let i = 0; i < m; i++) s += M.get(v, i) * M.get(o, i);
      const j = I.get(c, a);
      M.set(grad, j, M.get(grad, j) + s);
    }
  }
  const nAdd = D.word(d, W_NADD);
  if (nAdd) {
    const Z = D.at(d, W_Z);
    const addCols = D.at(d, W_ADD_COLS);
    for (let q = 0; q < nAdd; q++) {
      const j = I.get(addCols, q);
      const o = D.addr(Z, j * m);
      let s = 0.0;
      for (let i = 0; i < m; i++) s += M.get(u, i) * M.get(o, i);
      M.set(grad, j, M.get(grad, j) + s);
    }
  }
}

/**
 * grad[c[a + q]] += Σ_i v[i]·X[(a + q)·m + i] for q = 0…3, the four columns from X: each sum is
 * serial, from 0.0 in row order (the roundings of `s += v[i] * x[i]`), as one column at a time
 * computes it, but the four run in the lanes of two registers, so that no add waits on the
 * previous one of its column (one at a time, each did).
 */
function addSerialSums4(v: usize, X: usize, m: i32, c: usize, a: i32, grad: usize): void {
  const col = (<usize>m) << F64;
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  for (let i = 0; i < m; i++) {
    const at = X + ((<usize>i) << F64);
    const vi = v128.load64_splat(v + ((<usize>i) << F64));
    s01 = f64x2.add(s01, f64x2.mul(vi, v128.load64_lane(at + col, v128.load64_zero(at), 1)));
    s23 = f64x2.add(s23, f64x2.mul(vi, v128.load64_lane(at + 3 * col, v128.load64_zero(at + 2 * col), 1)));
  }
  M.set(grad, I.get(c, a), M.get(grad, I.get(c, a)) + f64x2.extract_lane(s01, 0));
  M.set(grad, I.get(c, a + 1), M.get(grad, I.get(c, a + 1)) + f64x2.extract_lane(s01, 1));
  M.set(grad, I.get(c, a + 2), M.get(grad, I.get(c, a + 2)) + f64x2.extract_lane(s23, 0));
  M.set(grad, I.get(c, a + 3), M.get(grad, I.get(c, a + 3)) + f64x2.extract_lane(s23, 1));
}

/**
 * Σ_i v[i]·Y[i] for i < m with four partial sums s0…s3 over i mod 4 (the tail into s0), returned as
 * (s0 + s1) + (s2 + s3): `dot` of src/fit/evaluate.ts, with s0, s1 and s2, s3 in two SIMD registers.
 */
function dot(v: usize, Y: usize, m: i32): f64 {
  let a01 = f64x2.splat(0);
  let a23 = f64x2.splat(0);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    a01 = f64x2.add(a01, f64x2.mul(v128.load(D.addr(v, i)), v128.load(D.addr(Y, i))));
    a23 = f64x2.add(a23, f64x2.mul(v128.load(D.addr(v, i + 2)), v128.load(D.addr(Y, i + 2))));
  }
  let s0 = f64x2.extract_lane(a01, 0);
  for (; i < m; i++) s0 += M.get(v, i) * M.get(Y, i);
  return s0 + f64x2.extract_lane(a01, 1) + (f64x2.extract_lane(a23, 0) + f64x2.extract_lane(a23, 1));
}

/**
 * H[cx_a, cy_b] += Σ_i wt_i·X[a·m + i]·Y[b·m + i] over the columns of two blocks (and the mirrored
 * entry), as `gramBlock`. A block is five words at bx (by): its first column X, its parameters cx
 * (i32), their count, per column the offset of its non-zero rows (0: dense) and their counts (0
 * offsets: a dense block) — a term's fields in the descriptor, or a single column (`D.single`).
 */
function gram(d: usize, bx: usize, by: usize, same: bool): void {
  const X = D.field(bx, T_X);
  const cx = D.field(bx, T_COLS);
  const ncx = <i32>D.field(bx, T_NC);
  const nzX = D.field(bx, T_NZ);
  const nzXn = D.field(bx, T_NZ_LEN);
  const Y = D.field(by, T_X);
  const cy = D.field(by, T_COLS);
  const ncy = <i32>D.field(by, T_NC);
  const nzY = D.field(by, T_NZ);
  const nzYn = D.field(by, T_NZ_LEN);
  const m = D.word(d, W_M);
  const p = D.word(d, W_P);
  const wt = D.at(d, W_TMP);
  const v = D.at(d, W_V);
  const hess = D.at(d, W_HESS);
  for (let a = 0; a < ncx; a++) {
    const oa = D.addr(X, a * m);
    const za = nzX ? <usize>I.get(nzX, a) : 0;
    const zan = nzX ? I.get(nzXn, a) : 0;
    if (za)
      for (let r = 0; r < zan; r++) {
        const i = I.get(za, r);
        M.set(v, i, M.get(wt, i) * M.get(oa, i));
      }
    else {
      let i = 0;
      for (; i + 1 < m; i += 2) v128.store(D.addr(v, i), f64x2.mul(v128.load(D.addr(wt, i)), v128.load(D.addr(oa, i))));
      if (i < m) M.set(v, i, M.get(wt, i) * M.get(oa, i));
    }
    const nb = same ? a + 1 : ncy;
    const ra = I.get(cx, a);
    for (let b = 0; b < nb; b++) {
      const ob = D.addr(Y, b * m);
      const zb = nzY ? <usize>I.get(nzY, b) : 0;
      const zbn = nzY ? I.get(nzYn, b) : 0;
      // Sum over the sparser index set (v is valid on za; Y is zero off zb).
      const useA = za != 0 && (zb == 0 || zan <= zbn);
      const z = useA ? za : zb;
      const zn = useA ? zan : zbn;
      let s = 0.0;
      if (z) {
        if (za && !useA) {
          // zb is sparser than za: rows of zb outside za have X = 0, so test membership via X.
          for (let r = 0; r < zn; r++) {
            const i = I.get(z, r);
            if (M.get(oa, i) != 0) s += M.get(v, i) * M.get(ob, i);
          }
        } else
          for (let r = 0; r < zn; r++) {
            const i = I.get(z, r);
            s += M.get(v, i) * M.get(ob, i);
          }
      } else s = dot(v, ob, m);
      const rb = I.get(cy, b);
      M.set(hess, ra * p + rb, M.get(hess, ra * p + rb) + s);
      if (ra != rb || !same) M.set(hess, rb * p + ra, M.get(hess, rb * p + ra) + s);
    }
  }
}

/** MSE at X (`mseValue`); σ(γ_T) given as sg (1 without it). */
export function lsValue(d: usize, sg: f64): f64 {
  forward(d);
  return residuals(d, sg);
}

/** MSE and its gradient at X (`mseAndGradient`); the gradient NaN where the MSE is +∞. */
export function lsGradient(d: usize, sg: f64): f64 {
  forward(d);
  const mse = residuals(d, sg);
  const grad = D.at(d, W_GRAD);
  if (mse == Infinity) {
    for (let j = 0; j < D.word(d, W_P); j++) M.set(grad, j, NaN);
    return mse;
  }
  gradient(d, sg);
  return mse;
}

/**
 * MSE, gradient and Hessian (p×p, row-major) at X, as `mseGradHess` with both outputs; `gaussNewton`:
 * the Gauss–Newton matrix instead of the Hessian.
 */
export function lsGradHess(d: usize, sg: f64, gaussNewton: bool): f64 {
  const m = D.word(d, W_M);
  const p = D.word(d, W_P);
  const gi = D.word(d, W_GI);
  const T = D.at(d, W_T);
  const weight = D.at(d, W_WEIGHT);
  const base = D.at(d, W_BASE);
  const grad = D.at(d, W_GRAD);
  const hess = D.at(d, W_HESS);
  forward(d);
  const mse = residuals(d, sg);
  if (mse == Infinity) {
    for (let j = 0; j < p; j++) M.set(grad, j, NaN);
    for (let j = 0; j < p * p; j++) M.set(hess, j, NaN);
    return mse;
  }
  gradient(d, sg); // turns u into u·F
  const d1 = sg * (1 - sg);
  const uF = D.at(d, W_U);
  const so: f64 = gaussNewton ? 0 : 1; // weight of the second-order part
  const cF2 = D.at(d, W_C);
  const twoOverM = 2 / <f64>m;
  for (let i = 0; i < m; i++) {
    const F = gi >= 0 && M.get(T, i) == 1 ? sg : 1.0;
    M.set(cF2, i, twoOverM * M.get(weight, i) * F * F);
  }
  memory.fill(hess, 0, (<usize>(p * p)) << F64);
  const wt = D.at(d, W_TMP);
  const K = D.word(d, W_K);
  for (let k = 0; k < K; k++) {
    const ek = D.term(d, k, T_E);
    for (let i = 0; i < m; i++) M.set(wt, i, M.get(ek, i) * (M.get(cF2, i) * M.get(ek, i) + so * M.get(uF, i)));
    gram(d, D.block(d, k), D.block(d, k), true);
    for (let l = k + 1; l < K; l++) {
      const el = D.term(d, l, T_E);
      for (let i = 0; i < m; i++) M.set(wt, i, M.get(cF2, i) * M.get(ek, i) * M.get(el, i));
      gram(d, D.block(d, k), D.block(d, l), false);
    }
  }
  const nAdd = D.word(d, W_NADD);
  const Z = D.at(d, W_Z);
  const zc = D.at(d, W_ADD_COLS);
  if (nAdd) {
    for (let k = 0; k < K; k++) {
      const ek = D.term(d, k, T_E);
      for (let i = 0; i < m; i++) M.set(wt, i, M.get(cF2, i) * M.get(ek, i));
      for (let q = 0; q < nAdd; q++) {
        const j = I.get(zc, q);
        gram(d, D.block(d, k), D.single(d, W_ONE_A, D.addr(Z, j * m), j), false);
      }
    }
    for (let i = 0; i < m; i++) M.set(wt, i, M.get(cF2, i));
    for (let x = 0; x < nAdd; x++)
      for (let y2 = 0; y2 <= x; y2++) {
        const jx = I.get(zc, x);
        const jy = I.get(zc, y2);
        gram(d, D.single(d, W_ONE_A, D.addr(Z, jx * m), jx), D.single(d, W_ONE_B, D.addr(Z, jy * m), jy), jx == jy);
      }
  }
  if (gi >= 0) {
    // ∂ŷ/∂γ = σ'b on transformer rows; ∂²ŷ/∂γ∂θ_j = σ'·∂b/∂θ_j; ∂²ŷ/∂γ² = σ'(1 − 2σ)b.
    const gcol = D.at(d, W_GCOL);
    const save = D.at(d, W_SAVE);
    memory.fill(gcol, 0, (<usize>m) << F64);
    for (let i = 0; i < m; i++) {
      if (M.get(T, i) != 1) continue;
      const u = M.get(uF, i) / sg;
      M.set(gcol, i, 1);
      M.set(wt, i, (M.get(cF2, i) / sg) * d1 * M.get(base, i) + so * u * d1);
    }
    for (let i = 0; i < m; i++) if (M.get(T, i) != 1) M.set(wt, i, 0);
    memory.copy(save, wt, (<usize>m) << F64);
    for (let k = 0; k < K; k++) {
      const ek = D.term(d, k, T_E);
      for (let i = 0; i < m; i++) M.set(wt, i, M.get(save, i) * M.get(ek, i));
      gram(d, D.block(d, k), D.single(d, W_ONE_B, gcol, gi), false);
    }
    memory.copy(wt, save, (<usize>m) << F64);
    for (let q = 0; q < nAdd; q++) {
      const j = I.get(zc, q);
      gram(d, D.single(d, W_ONE_A, D.addr(Z, j * m), j), D.single(d, W_ONE_B, gcol, gi), false);
    }
    let s = 0.0;
    for (let i = 0; i < m; i++) {
      if (M.get(T, i) != 1) continue;
      const u = M.get(uF, i) / sg;
      const b0 = M.get(base, i);
      const db = d1 * b0;
      s += twoOverM * M.get(weight, i) * (db * db) + so * u * d1 * (1 - 2 * sg) * b0;
    }
    M.set(hess, gi * p + gi, M.get(hess, gi * p + gi) + s);
  }
  return mse;
}

/**
 * The gradient of εᵀR⁻¹ε/(2σ²) with respect to θ at X, given u = R⁻¹ε in W_U (the clustered-error
 * likelihood's, src/fit/clustered.ts): for each term's feature a, grad[c_a] = −Σ_i (u_i·(e_i·x_ia))/σ²,
 * a serial sum from 0 in row order as the JavaScript computed it; four features per pass in the
 * lanes of two registers (the divisions two at a time, no sum waiting on another's), the rest one
 * at a time (model 7: five features per term, so both ways run). For designs
 * without γ_T or additive columns, each parameter a feature of one term.
 */
export function lsQuadraticGradient(d: usize, sigma2: f64): void {
  forward(d);
  const m = D.word(d, W_M);
  const u = D.at(d, W_U);
  const grad = D.at(d, W_GRAD);
  const s2 = f64x2.splat(sigma2);
  const col = (<usize>m) << F64;
  for (let k = 0; k < D.word(d, W_K); k++) {
    const X = D.term(d, k, T_X);
    const c = D.term(d, k, T_COLS);
    const nc = <i32>D.term(d, k, T_NC);
    const e = D.term(d, k, T_E);
    let a = 0;
    for (; a + 3 < nc; a += 4) {
      const X0 = X + <usize>a * col;
      let g01 = f64x2.splat(0);
      let g23 = f64x2.splat(0);
      for (let i = 0; i < m; i++) {
        const at = (<usize>i) << F64;
        const ui = v128.load64_splat(u + at);
        const ei = v128.load64_splat(e + at);
        const x01 = v128.load64_lane(X0 + col + at, v128.load64_zero(X0 + at), 1);
        const x23 = v128.load64_lane(X0 + 3 * col + at, v128.load64_zero(X0 + 2 * col + at), 1);
        g01 = f64x2.sub(g01, f64x2.div(f64x2.mul(ui, f64x2.mul(ei, x01)), s2));
        g23 = f64x2.sub(g23, f64x2.div(f64x2.mul(ui, f64x2.mul(ei, x23)), s2));
      }
      M.set(grad, I.get(c, a), f64x2.extract_lane(g01, 0));
      M.set(grad, I.get(c, a + 1), f64x2.extract_lane(g01, 1));
      M.set(grad, I.get(c, a + 2), f64x2.extract_lane(g23, 0));
      M.set(grad, I.get(c, a + 3), f64x2.extract_lane(g23, 1));
    }
    for (; a < nc; a++) {
      const Xa = X + <usize>a * col;
      let g = 0.0;
      for (let i = 0; i < m; i++) g -= (M.get(u, i) * (M.get(e, i) * M.get(Xa, i))) / sigma2;
      M.set(grad, I.get(c, a), g);
    }
  }
}

/** The forward pass alone at X (for predictions and the Jacobian, read from e and base). */
export function lsForward(d: usize): void {
  forward(d);
}
