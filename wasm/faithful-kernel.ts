/**
 * The faithful objective's row loops (src/fit/faithful.ts, docs/method.md §3.3) in AssemblyScript,
 * compiled to WebAssembly with 128-bit SIMD (two doubles per instruction): exponents from prefix
 * sums and products, fdlibm's exp, terms, residuals, weighted squares and NumPy's pairwise sum.
 *
 * Why WebAssembly: a faithful fit makes about 380 evaluations of the objective (SciPy's forward
 * differences), each an exp per row, and every double must be the one NumPy computes, so no
 * library exp, no algebraic shortcut (exp(a + δ) = exp(a)·exp(δ), reassociated sums, FMA). V8's
 * JIT runs the scalar loops at 6–9 ns per exp; two lanes at a time here the same IEEE operations,
 * in the same order, cost about 3. No npm package offers a vectorised exp bit-identical to fdlibm.
 *
 * Every operation below is the scalar one of J's definition (docs/method.md §3.1, written out row by
 * row in test/fit/faithful-kernel.test.ts) and of src/numeric/exp.ts, applied to both lanes; only
 * `--enable simd` is on (no relaxed SIMD, so no fused multiply-add). Lanes the
 * vector exp does not cover exactly (|x| < 2⁻²⁸, |x| > 708, NaN) are recomputed by the scalar
 * fdlibmExp imported from JS. Columns are stored with an even stride whose last (padding) row
 * repeats row m − 1, so every kernel works in whole pairs; sums skip the padding row.
 *
 * Loops that take exps run four pairs of rows per pass, then the remaining pairs one at a time: each
 * lane's operations are unchanged, but V8's code for one pair per pass takes about twice as long
 * (a loop of exps alone on this 2-core AMD EPYC: 5.7 ns per exp one pair at a time, 3.7 two, 2.7
 * four).
 *
 * Pointers are byte offsets into memory laid out by src/fit/wasm-kernel.ts; a `rows` of 0
 * means every row, else a list of `count` row indices (i32). Decorated helpers are static methods
 * because TypeScript's parser (eslint, prettier) rejects decorators on functions.
 * Rebuild with `npm run build:wasm`; test/fit/faithful-kernel.test.ts checks the committed .wasm
 * is this file's compilation.
 */

/** fdlibm's exp from JS (src/numeric/exp.ts), for the lanes the vector formula does not cover. */
declare function scalarExp(x: f64): f64;

import { F64, M } from "./memory";

class Vec {
  /**
   * fdlibm's exp of both lanes: k = trunc(x/ln2 ± ½) (0 when |x| < ½ln2, which reproduces
   * fdlibm's small-argument branch), r = (x − k·ln2hi) − k·ln2lo, the degree-5 rational
   * approximation, and 2^k built from its exponent bits. See src/numeric/exp.ts. Exact in the
   * lanes `covered` accepts.
   */
  @inline static exp(x: v128): v128 {
    const half = f64x2.lt(f64x2.abs(x), i64x2.splat(HALF_LN2_BITS));
    const kf = v128.andnot(
      f64x2.trunc(f64x2.add(f64x2.mul(x, f64x2.splat(INV_LN2)), v128.or(f64x2.splat(0.5), v128.and(x, SIGN)))),
      half,
    );
    const hi = f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2_HI)));
    const lo = f64x2.mul(kf, f64x2.splat(LN2_LO));
    const r = f64x2.sub(hi, lo);
    const t = f64x2.mul(r, r);
    let q = f64x2.mul(t, f64x2.splat(P5));
    q = f64x2.mul(t, f64x2.add(f64x2.splat(P4), q));
    q = f64x2.mul(t, f64x2.add(f64x2.splat(P3), q));
    q = f64x2.mul(t, f64x2.add(f64x2.splat(P2), q));
    const c = f64x2.sub(r, f64x2.mul(t, f64x2.add(f64x2.splat(P1), q)));
    const frac = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2.0), c));
    const y = f64x2.sub(f64x2.splat(1.0), f64x2.sub(f64x2.sub(lo, frac), hi));
    // 2^k: k + 1.5·2⁵² has k in its low mantissa bits; shifted by 52 with the bias, they are 2^k's exponent.
    const k = f64x2.add(kf, f64x2.splat(ROUND_MAGIC));
    return f64x2.mul(y, i64x2.shl(i64x2.add(k, i64x2.splat(EXP_BIAS)), MANTISSA_BITS));
  }

  /**
   * Lanes that `exp` computes as fdlibm does: 2⁻²⁸ ≤ |x| ≤ 708. The others (tiny, huge, NaN) are
   * left to `fixRare`, after the loop, so that no call sits in it.
   */
  @inline static covered(x: v128): v128 {
    const ax = f64x2.abs(x);
    return v128.and(f64x2.ge(ax, i64x2.splat(TINY_BITS)), f64x2.le(ax, f64x2.splat(VECTOR_MAX)));
  }

  /** `covered` of four pairs at once: all lanes' answers, and-ed. */
  @inline static covered4(e0: v128, e1: v128, e2: v128, e3: v128): v128 {
    return v128.and(v128.and(Vec.covered(e0), Vec.covered(e1)), v128.and(Vec.covered(e2), Vec.covered(e3)));
  }

  /**
   * A term's exponent Σ_a X[a]·coef[a] (in column order) for rows i, i + 1, stored to E, with the
   * partial sums P[a] (columns 0…a−1) that `moved` reuses.
   */
  @inline static exponent(X: usize, P: usize, coef: usize, nc: i32, col: usize, E: usize, i: i32): v128 {
    const row = (<usize>i) << F64;
    let e = f64x2.mul(v128.load(X + row), v128.load(coef));
    for (let a = 1; a < nc; a++) {
      const o = <usize>a * col + row;
      v128.store(P + o, e);
      const q = f64x2.mul(v128.load(X + o), v128.load(coef + ((<usize>a) << 4)));
      e = f64x2.add(e, q);
    }
    v128.store(E + row, e);
    return e;
  }

  /** lane 0 + lane 1. */
  @inline static lanes(v: v128): f64 {
    return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  }

  /** Two doubles of the column at `base`: rows i0, i0 + 1 (dense) or i0, i1 (listed rows). */
  @inline static load(base: usize, i0: i32, i1: i32, dense: bool): v128 {
    const p0 = base + ((<usize>i0) << F64);
    return dense ? v128.load(p0) : v128.load64_lane(base + ((<usize>i1) << F64), v128.load64_zero(p0), 1);
  }

  /** Store both lanes to rows i0, i0 + 1 (dense) or i0, i1 (listed rows). */
  @inline static store(base: usize, i0: i32, i1: i32, v: v128, dense: bool): void {
    const p0 = base + ((<usize>i0) << F64);
    if (dense) v128.store(p0, v);
    else {
      v128.store64_lane(p0, v, 0);
      v128.store64_lane(base + ((<usize>i1) << F64), v, 1);
    }
  }

  /**
   * A term's exponent with the coefficient of its feature `from` set to xj, for rows i0, i1:
   * pre[from] + X[from]·xj (X[0]·xj when from = 0), then the later products X[a]·coef[a], added in
   * order (the products `termValue` added, computed again: the same doubles, without storing them).
   */
  @inline static moved(
    X: usize,
    P: usize,
    coef: usize,
    nc: i32,
    from: i32,
    xj: v128,
    mp: i32,
    i0: i32,
    i1: i32,
    dense: bool,
  ): v128 {
    const o = (<usize>(from * mp)) << F64;
    let e = f64x2.mul(Vec.load(X + o, i0, i1, dense), xj);
    if (from > 0) e = f64x2.add(Vec.load(P + o, i0, i1, dense), e);
    for (let a = from + 1; a < nc; a++) {
      const q = f64x2.mul(Vec.load(X + ((<usize>(a * mp)) << F64), i0, i1, dense), v128.load(coef + ((<usize>a) << 4)));
      e = f64x2.add(e, q);
    }
    return e;
  }

  /**
   * Weighted squared residual w·(y − ŷ)² of rows i0, i1, ŷ = base or sg·base on transformer rows,
   * base = s0 (+ s1) (+ the additive columns' A·θ in order), in the order of J's definition (§3.1).
   */
  @inline static square(
    s0: usize,
    s1: usize,
    A: usize,
    addIdx: usize,
    nAdd: i32,
    theta: usize,
    y: usize,
    w: usize,
    T: usize,
    sg: v128,
    mp: i32,
    i0: i32,
    i1: i32,
    dense: bool,
    gamma: bool,
  ): v128 {
    let base = Vec.load(s0, i0, i1, dense);
    if (s1) base = f64x2.add(base, Vec.load(s1, i0, i1, dense));
    for (let a = 0; a < nAdd; a++) {
      const th = f64x2.splat(load<f64>(theta + ((<usize>load<i32>(addIdx + ((<usize>a) << 2))) << F64)));
      base = f64x2.add(base, f64x2.mul(Vec.load(A + ((<usize>(a * mp)) << F64), i0, i1, dense), th));
    }
    return Vec.squared(base, y, w, T, sg, i0, i1, dense, gamma);
  }

  /**
   * w·(y − ŷ)² of rows i0, i1 for term sum `base`: ŷ = sg·base on transformer rows (T = 1) when
   * the model has γ_T (`gamma`), else base.
   */
  @inline static squared(
    base: v128,
    y: usize,
    w: usize,
    T: usize,
    sg: v128,
    i0: i32,
    i1: i32,
    dense: bool,
    gamma: bool,
  ): v128 {
    let yhat = base;
    if (gamma) {
      const transformer = f64x2.eq(Vec.load(T, i0, i1, dense), f64x2.splat(1.0));
      yhat = v128.bitselect(f64x2.mul(sg, base), base, transformer);
    }
    const r = f64x2.sub(Vec.load(y, i0, i1, dense), yhat);
    return f64x2.mul(f64x2.mul(Vec.load(w, i0, i1, dense), r), r);
  }
}

/**
 * The scalar fdlibm exp of the exponents E that `Vec.covered` rejects, into out: rows 0…count−1,
 * or the listed ones: fdlibm's 1 + x for the tiny ones, JS's for the huge and NaN. Runs only when a
 * kernel's loop met such a lane (at θ = 0 every exponent is 0).
 */
function fixRare(E: usize, out: usize, rows: usize, count: i32): void {
  for (let q = 0; q < count; q++) {
    const i = rows ? load<i32>(rows + ((<usize>q) << 2)) : q;
    const x = load<f64>(E + ((<usize>i) << F64));
    const ax = abs(x);
    // fdlibm's tiny branch is 1 + x (every exponent at θ = 0, where each fit starts): no call out.
    if (ax < reinterpret<f64>(TINY_BITS)) store<f64>(out + ((<usize>i) << F64), 1.0 + x);
    else if (!(ax <= VECTOR_MAX)) store<f64>(out + ((<usize>i) << F64), scalarExp(x));
  }
}

/** e^x for n doubles from src into dst (any n; for tests and benchmarks of `Vec.exp`). */
export function expInto(src: usize, dst: usize, n: i32): void {
  let ok = i64x2.splat(-1);
  let i = 0;
  for (; i + 7 < n; i += 8) {
    const p = src + ((<usize>i) << F64);
    const q = dst + ((<usize>i) << F64);
    const x0 = v128.load(p);
    const x1 = v128.load(p, 16);
    const x2 = v128.load(p, 32);
    const x3 = v128.load(p, 48);
    ok = v128.and(ok, Vec.covered4(x0, x1, x2, x3));
    v128.store(q, Vec.exp(x0));
    v128.store(q, Vec.exp(x1), 16);
    v128.store(q, Vec.exp(x2), 32);
    v128.store(q, Vec.exp(x3), 48);
  }
  for (; i + 1 < n; i += 2) {
    const x = v128.load(src + ((<usize>i) << F64));
    ok = v128.and(ok, Vec.covered(x));
    v128.store(dst + ((<usize>i) << F64), Vec.exp(x));
  }
  if (i < n) {
    const x = v128.load64_splat(src + ((<usize>i) << F64));
    ok = v128.and(ok, Vec.covered(x));
    v128.store64_lane(dst + ((<usize>i) << F64), Vec.exp(x), 0);
  }
  if (!v128.all_true<i64>(ok)) fixRare(src, dst, 0, n);
}

/**
 * exp of a term's exponent Σ_a X[a]·θ[cols[a]] (summed in column order) for all mp rows into out,
 * recording the partial sums P[a] (columns 0…a−1) that `termMoved` reuses. `coef` receives the nc
 * coefficients, each in both lanes, which `termMoved` reads too; E receives the exponents.
 */
export function termValue(
  X: usize,
  P: usize,
  cols: usize,
  nc: i32,
  theta: usize,
  coef: usize,
  E: usize,
  out: usize,
  mp: i32,
): void {
  for (let a = 0; a < nc; a++) {
    const j = load<i32>(cols + ((<usize>a) << 2));
    v128.store(coef + ((<usize>a) << 4), f64x2.splat(load<f64>(theta + ((<usize>j) << F64))));
  }
  const col = (<usize>mp) << F64;
  let ok = i64x2.splat(-1);
  let i = 0;
  // Four pairs of rows per pass (see the head of this file).
  for (; i + 7 < mp; i += 8) {
    const e0 = Vec.exponent(X, P, coef, nc, col, E, i);
    const e1 = Vec.exponent(X, P, coef, nc, col, E, i + 2);
    const e2 = Vec.exponent(X, P, coef, nc, col, E, i + 4);
    const e3 = Vec.exponent(X, P, coef, nc, col, E, i + 6);
    ok = v128.and(ok, Vec.covered4(e0, e1, e2, e3));
    const o = out + ((<usize>i) << F64);
    v128.store(o, Vec.exp(e0));
    v128.store(o, Vec.exp(e1), 16);
    v128.store(o, Vec.exp(e2), 32);
    v128.store(o, Vec.exp(e3), 48);
  }
  for (; i < mp; i += 2) {
    const e = Vec.exponent(X, P, coef, nc, col, E, i);
    ok = v128.and(ok, Vec.covered(e));
    v128.store(out + ((<usize>i) << F64), Vec.exp(e));
  }
  if (!v128.all_true<i64>(ok)) fixRare(E, out, 0, mp);
}

/**
 * exp of a term's exponent with feature `from`'s coefficient moved to xj (`Vec.moved`), for all
 * or the listed rows, into out; E is scratch for the exponents.
 */
export function termMoved(
  X: usize,
  P: usize,
  coef: usize,
  nc: i32,
  from: i32,
  xj: f64,
  rows: usize,
  count: i32,
  E: usize,
  out: usize,
  mp: i32,
): void {
  const x = f64x2.splat(xj);
  let ok = i64x2.splat(-1);
  if (!rows) {
    let i = 0;
    // Four pairs of rows per pass (see the head of this file).
    for (; i + 7 < mp; i += 8) {
      const e0 = Vec.moved(X, P, coef, nc, from, x, mp, i, i, true);
      const e1 = Vec.moved(X, P, coef, nc, from, x, mp, i + 2, i + 2, true);
      const e2 = Vec.moved(X, P, coef, nc, from, x, mp, i + 4, i + 4, true);
      const e3 = Vec.moved(X, P, coef, nc, from, x, mp, i + 6, i + 6, true);
      const at = (<usize>i) << F64;
      v128.store(E + at, e0);
      v128.store(E + at, e1, 16);
      v128.store(E + at, e2, 32);
      v128.store(E + at, e3, 48);
      ok = v128.and(ok, Vec.covered4(e0, e1, e2, e3));
      v128.store(out + at, Vec.exp(e0));
      v128.store(out + at, Vec.exp(e1), 16);
      v128.store(out + at, Vec.exp(e2), 32);
      v128.store(out + at, Vec.exp(e3), 48);
    }
    for (; i < mp; i += 2) {
      const e = Vec.moved(X, P, coef, nc, from, x, mp, i, i, true);
      v128.store(E + ((<usize>i) << F64), e);
      ok = v128.and(ok, Vec.covered(e));
      v128.store(out + ((<usize>i) << F64), Vec.exp(e));
    }
    if (!v128.all_true<i64>(ok)) fixRare(E, out, 0, mp);
    return;
  }
  let q = 0;
  for (; q + 7 < count; q += 8) {
    const r = rows + ((<usize>q) << 2);
    const i0 = load<i32>(r);
    const i1 = load<i32>(r, 4);
    const i2 = load<i32>(r, 8);
    const i3 = load<i32>(r, 12);
    const i4 = load<i32>(r, 16);
    const i5 = load<i32>(r, 20);
    const i6 = load<i32>(r, 24);
    const i7 = load<i32>(r, 28);
    const e0 = Vec.moved(X, P, coef, nc, from, x, mp, i0, i1, false);
    const e1 = Vec.moved(X, P, coef, nc, from, x, mp, i2, i3, false);
    const e2 = Vec.moved(X, P, coef, nc, from, x, mp, i4, i5, false);
    const e3 = Vec.moved(X, P, coef, nc, from, x, mp, i6, i7, false);
    Vec.store(E, i0, i1, e0, false);
    Vec.store(E, i2, i3, e1, false);
    Vec.store(E, i4, i5, e2, false);
    Vec.store(E, i6, i7, e3, false);
    ok = v128.and(ok, Vec.covered4(e0, e1, e2, e3));
    Vec.store(out, i0, i1, Vec.exp(e0), false);
    Vec.store(out, i2, i3, Vec.exp(e1), false);
    Vec.store(out, i4, i5, Vec.exp(e2), false);
    Vec.store(out, i6, i7, Vec.exp(e3), false);
  }
  for (; q < count; q += 2) {
    const i0 = load<i32>(rows + ((<usize>q) << 2));
    const i1 = q + 1 < count ? load<i32>(rows + ((<usize>(q + 1)) << 2)) : i0;
    const e = Vec.moved(X, P, coef, nc, from, x, mp, i0, i1, false);
    Vec.store(E, i0, i1, e, false);
    ok = v128.and(ok, Vec.covered(e));
    Vec.store(out, i0, i1, Vec.exp(e), false);
  }
  if (!v128.all_true<i64>(ok)) fixRare(E, out, rows, count);
}

/**
 * Weighted squared residuals (`Vec.square`) into out, for all or the listed rows; `gamma`: the
 * model has γ_T (each case compiled separately, so that models without it skip the select).
 */
export function squares(
  s0: usize,
  s1: usize,
  A: usize,
  addIdx: usize,
  nAdd: i32,
  theta: usize,
  y: usize,
  w: usize,
  T: usize,
  gamma: bool,
  sg: f64,
  rows: usize,
  count: i32,
  out: usize,
  mp: i32,
): void {
  const g = f64x2.splat(sg);
  if (gamma) Squares.run(s0, s1, A, addIdx, nAdd, theta, y, w, T, true, g, rows, count, out, mp);
  else Squares.run(s0, s1, A, addIdx, nAdd, theta, y, w, T, false, g, rows, count, out, mp);
}

/** `squares`' loops, inlined once per value of `gamma`. */
class Squares {
  @inline static run(
    s0: usize,
    s1: usize,
    A: usize,
    addIdx: usize,
    nAdd: i32,
    theta: usize,
    y: usize,
    w: usize,
    T: usize,
    gamma: bool,
    g: v128,
    rows: usize,
    count: i32,
    out: usize,
    mp: i32,
  ): void {
    if (!rows) {
      let i = 0;
      // Four pairs of rows per pass, as the exp loops (see the head of this file).
      for (; i + 7 < mp; i += 8) {
        const v0 = Vec.square(s0, s1, A, addIdx, nAdd, theta, y, w, T, g, mp, i, i, true, gamma);
        const v1 = Vec.square(s0, s1, A, addIdx, nAdd, theta, y, w, T, g, mp, i + 2, i + 2, true, gamma);
        const v2 = Vec.square(s0, s1, A, addIdx, nAdd, theta, y, w, T, g, mp, i + 4, i + 4, true, gamma);
        const v3 = Vec.square(s0, s1, A, addIdx, nAdd, theta, y, w, T, g, mp, i + 6, i + 6, true, gamma);
        const o = out + ((<usize>i) << F64);
        v128.store(o, v0);
        v128.store(o, v1, 16);
        v128.store(o, v2, 32);
        v128.store(o, v3, 48);
      }
      for (; i < mp; i += 2)
        Vec.store(out, i, i, Vec.square(s0, s1, A, addIdx, nAdd, theta, y, w, T, g, mp, i, i, true, gamma), true);
      return;
    }
    let q = 0;
    for (; q + 7 < count; q += 8) {
      const r = rows + ((<usize>q) << 2);
      const i0 = load<i32>(r);
      const i1 = load<i32>(r, 4);
      const i2 = load<i32>(r, 8);
      const i3 = load<i32>(r, 12);
      const i4 = load<i32>(r, 16);
      const i5 = load<i32>(r, 20);
      const i6 = load<i32>(r, 24);
      const i7 = load<i32>(r, 28);
      const v0 = Vec.square(s0, s1, A, addIdx, nAdd, theta, y, w, T, g, mp, i0, i1, false, gamma);
      const v1 = Vec.square(s0, s1, A, addIdx, nAdd, theta, y, w, T, g, mp, i2, i3, false, gamma);
      const v2 = Vec.square(s0, s1, A, addIdx, nAdd, theta, y, w, T, g, mp, i4, i5, false, gamma);
      const v3 = Vec.square(s0, s1, A, addIdx, nAdd, theta, y, w, T, g, mp, i6, i7, false, gamma);
      Vec.store(out, i0, i1, v0, false);
      Vec.store(out, i2, i3, v1, false);
      Vec.store(out, i4, i5, v2, false);
      Vec.store(out, i6, i7, v3, false);
    }
    for (; q < count; q += 2) {
      const i0 = load<i32>(rows + ((<usize>q) << 2));
      const i1 = q + 1 < count ? load<i32>(rows + ((<usize>(q + 1)) << 2)) : i0;
      Vec.store(out, i0, i1, Vec.square(s0, s1, A, addIdx, nAdd, theta, y, w, T, g, mp, i0, i1, false, gamma), false);
    }
  }
}

/** NumPy's pairwise sum over the doubles at a, read directly or through an index list. */
class Sum {
  /** Double i: a[i] (dense) or a[idx[i]]. */
  @inline static get(a: usize, idx: usize, i: i32, dense: bool): f64 {
    const r = dense ? i : load<i32>(idx + ((<usize>i) << 2));
    return load<f64>(a + ((<usize>r) << F64));
  }

  /** Doubles i, i + 1 in both lanes: a[i], a[i + 1] (dense) or a[idx[i]], a[idx[i + 1]]. */
  @inline static pair(a: usize, idx: usize, i: i32, dense: bool): v128 {
    if (dense) return v128.load(a + ((<usize>i) << F64));
    const p = idx + ((<usize>i) << 2);
    const lo = v128.load64_zero(a + ((<usize>load<i32>(p)) << F64));
    return v128.load64_lane(a + ((<usize>load<i32>(p, 4)) << F64), lo, 1);
  }

  /**
   * One block of at most `PAIRWISE_BLOCK` doubles: a running sum below 8, else eight interleaved
   * partial sums (four lane pairs) combined as NumPy combines them, then the rest in order.
   */
  @inline static block(a: usize, idx: usize, n: i32, dense: bool): f64 {
    if (n < 8) {
      let res = 0.0;
      for (let i = 0; i < n; i++) res += Sum.get(a, idx, i, dense);
      return res;
    }
    let r01 = Sum.pair(a, idx, 0, dense);
    let r23 = Sum.pair(a, idx, 2, dense);
    let r45 = Sum.pair(a, idx, 4, dense);
    let r67 = Sum.pair(a, idx, 6, dense);
    let i = 8;
    for (; i < n - (n & 7); i += 8) {
      r01 = f64x2.add(r01, Sum.pair(a, idx, i, dense));
      r23 = f64x2.add(r23, Sum.pair(a, idx, i + 2, dense));
      r45 = f64x2.add(r45, Sum.pair(a, idx, i + 4, dense));
      r67 = f64x2.add(r67, Sum.pair(a, idx, i + 6, dense));
    }
    // ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), as NumPy combines them.
    const lo = Vec.lanes(r01) + Vec.lanes(r23);
    const hi = Vec.lanes(r45) + Vec.lanes(r67);
    let res = lo + hi;
    for (; i < n; i++) res += Sum.get(a, idx, i, dense);
    return res;
  }
}

/**
 * Σ of n doubles at a in NumPy's pairwise order, as `pairwiseSum` (src/stats/pairwise.ts): running
 * sum below 8, eight interleaved partial sums (four lane pairs) up to 128, halving beyond.
 */
export function pairwise(a: usize, n: i32): f64 {
  if (n <= PAIRWISE_BLOCK) return Sum.block(a, 0, n, true);
  let n2 = n >> 1;
  n2 -= n2 & 7;
  return pairwise(a, n2) + pairwise(a + ((<usize>n2) << F64), n - n2);
}

/**
 * Σ of a[idx[0]], …, a[idx[n − 1]] (i32 indices) in NumPy's pairwise order, as `pairwise` sums
 * them gathered: the squared residuals of a design's rows from those of its distinct rows (see
 * `faithfulObjective`).
 */
export function pairwiseAt(a: usize, idx: usize, n: i32): f64 {
  if (n <= PAIRWISE_BLOCK) return Sum.block(a, idx, n, false);
  let n2 = n >> 1;
  n2 -= n2 & 7;
  return pairwiseAt(a, idx, n2) + pairwiseAt(a, idx + ((<usize>n2) << 2), n - n2);
}

/** Block size below which NumPy stops halving (`PW_BLOCKSIZE`). */
const PAIRWISE_BLOCK = 128;
/** Constants of fdlibm's exp (src/numeric/exp.ts). */
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
/** ½ln2 and 2⁻²⁸ as fdlibm's branch points (high words 0x3fd62e43, 0x3e300000). */
const HALF_LN2_BITS: i64 = 0x3fd62e4300000000;
const TINY_BITS: i64 = 0x3e30000000000000;
/** Largest |x| for which 2^k·y with k from the general reduction is a normal double (as in exp.ts). */
const VECTOR_MAX = 708.0;
const SIGN = i64x2.splat(0x8000000000000000);
const EXP_BIAS: i64 = 1023;
/** 1.5·2⁵²: an integer k ≤ 2⁵¹ in magnitude added to it lands, exactly, in the low mantissa bits. */
const ROUND_MAGIC = 6755399441055744.0;
const MANTISSA_BITS = 52;

// ---------------------------------------------------------------------------------------------
// SLSQP's search direction (called by wasm/slsqp.ts, docs/method.md §3.3): Lawson & Hanson's
// HFTI as SciPy's LSQ runs it without constraints (x·x for the squares, IEEE sqrt); the SciPy
// path tests (test/fit/slsqp-scipy.test.ts) check its doubles.

/** Element i of two columns (at c0 and c1) in the two lanes, and back. */
class Pair {
  @inline static load(c0: usize, c1: usize, i: i32): v128 {
    const at = (<usize>i) << F64;
    return v128.load64_lane(c1 + at, v128.load64_zero(c0 + at), 1);
  }
  @inline static store(c0: usize, c1: usize, i: i32, v: v128): void {
    const at = (<usize>i) << F64;
    v128.store64_lane(c0 + at, v, 0);
    v128.store64_lane(c1 + at, v, 1);
  }
  /**
   * `householder`'s update of two columns with their sums s (lanes): c += (s/β)·(up at p, the
   * reflection's column at o below it), except in a lane whose sum is 0, which keeps its column as
   * it was (the scalar loop's `continue`, which also keeps a −0).
   */
  @inline static update(c0: usize, c1: usize, p: i32, n: i32, a: usize, o: i32, s: v128, up: f64, binv: f64): void {
    const keep = f64x2.eq(s, f64x2.splat(0));
    if (v128.all_true<i64>(keep)) return;
    const t = f64x2.mul(s, f64x2.splat(binv));
    const xp = Pair.load(c0, c1, p);
    Pair.store(c0, c1, p, v128.bitselect(xp, f64x2.add(xp, f64x2.mul(t, f64x2.splat(up))), keep));
    for (let i = p + 1; i < n; i++) {
      const x = Pair.load(c0, c1, i);
      Pair.store(c0, c1, i, v128.bitselect(x, f64x2.add(x, f64x2.mul(t, f64x2.splat(M.get(a, o + i)))), keep));
    }
  }
}

/** One Householder reflection of column `col` at pivot p, applied to the later columns and to b. */
function householder(a: usize, n: i32, col: i32, p: i32, b: usize): void {
  const o = col * n;
  if (p + 1 >= n) return;
  let cl = abs(M.get(a, o + p));
  for (let i = p + 1; i < n; i++) cl = max(cl, abs(M.get(a, o + i)));
  if (cl <= 0) return;
  const inv = 1 / cl;
  const a0 = M.get(a, o + p) * inv;
  let sm = a0 * a0;
  for (let i = p + 1; i < n; i++) {
    const v = M.get(a, o + i) * inv;
    sm += v * v;
  }
  cl *= sqrt(sm);
  if (M.get(a, o + p) > 0) cl = -cl;
  const up = M.get(a, o + p) - cl;
  M.set(a, o + p, cl);
  const beta = up * M.get(a, o + p);
  if (beta >= 0) return;
  const binv = 1 / beta;
  let j = col + 1;
  // Columns in pairs, one in each lane: a column's update touches only that column, so each lane's
  // sum and update are the scalar loop's, in its order (`Pair.update`).
  for (; j + 1 < n; j += 2) {
    const c0 = a + ((<usize>(j * n)) << F64);
    const c1 = a + ((<usize>((j + 1) * n)) << F64);
    const vup = f64x2.splat(up);
    let s2 = f64x2.mul(Pair.load(c0, c1, p), vup);
    for (let i = p + 1; i < n; i++) s2 = f64x2.add(s2, f64x2.mul(Pair.load(c0, c1, i), f64x2.splat(M.get(a, o + i))));
    Pair.update(c0, c1, p, n, a, o, s2, up, binv);
  }
  for (; j <= n; j++) {
    const c = j < n ? a : b;
    const co = j < n ? j * n : 0;
    let s = M.get(c, co + p) * up;
    for (let i = p + 1; i < n; i++) s += M.get(c, co + i) * M.get(a, o + i);
    if (s == 0) continue;
    s *= binv;
    M.set(c, co + p, M.get(c, co + p) + s * up);
    for (let i = p + 1; i < n; i++) M.set(c, co + i, M.get(c, co + i) + s * M.get(a, o + i));
  }
}

/**
 * The search direction s = −(LDLᵀ)⁻¹g by HFTI on E = D^½Lᵀ (docs/method.md §3.3); E, h (n
 * doubles) and ip (n i32) are workspace. Returns false when E is rank-deficient.
 */
export function direction(n: i32, L: usize, g: usize, s: usize, E: usize, h: usize, ip: usize): bool {
  memory.fill(E, 0, (<usize>(n * n)) << F64);
  for (let i = 0; i < n; i++) {
    const diag = sqrt(M.get(L, M.packed(n, i, i)));
    M.set(E, i * n + i, diag);
    for (let j = i + 1; j < n; j++) M.set(E, j * n + i, M.get(L, M.packed(n, j, i)) * diag);
    let dot = 0.0;
    for (let k = 0; k < i; k++) dot += M.get(E, i * n + k) * M.get(s, k);
    M.set(s, i, (M.get(g, i) - dot) / diag);
  }
  for (let i = 0; i < n; i++) M.set(s, i, -M.get(s, i));
  let hmax = 0.0;
  for (let j = 0; j < n; j++) {
    let lmax = j;
    let recompute = j == 0;
    if (!recompute) {
      for (let l = j; l < n; l++) {
        const e = M.get(E, l * n + j - 1);
        M.set(h, l, M.get(h, l) - e * e);
        if (M.get(h, l) > M.get(h, lmax)) lmax = l;
      }
      recompute = !(hmax + 1e-3 * M.get(h, lmax) - hmax > 0);
    }
    if (recompute) {
      lmax = j;
      for (let l = j; l < n; l++) {
        let sq = 0.0;
        for (let i = j; i < n; i++) {
          const e = M.get(E, l * n + i);
          sq += e * e;
        }
        M.set(h, l, sq);
        if (M.get(h, l) > M.get(h, lmax)) lmax = l;
      }
      hmax = M.get(h, lmax);
    }
    store<i32>(ip + ((<usize>j) << 2), lmax);
    if (lmax != j) {
      for (let i = 0; i < n; i++) {
        const tmp = M.get(E, j * n + i);
        M.set(E, j * n + i, M.get(E, lmax * n + i));
        M.set(E, lmax * n + i, tmp);
      }
      M.set(h, lmax, M.get(h, j));
    }
    householder(E, n, j, j, s);
  }
  for (let j = 0; j < n; j++) if (abs(M.get(E, j * n + j)) <= RANK_TOL) return false;
  for (let i = n - 1; i >= 0; i--) {
    let dot = 0.0;
    for (let j = i + 1; j < n; j++) dot += M.get(E, j * n + i) * M.get(s, j);
    M.set(s, i, (M.get(s, i) - dot) / M.get(E, i * n + i));
  }
  for (let j = n - 1; j >= 0; j--) {
    const l = load<i32>(ip + ((<usize>j) << 2));
    if (l != j) {
      const tmp = M.get(s, l);
      M.set(s, l, M.get(s, j));
      M.set(s, j, tmp);
    }
  }
  return true;
}

/** Pseudo-rank tolerance of the subproblem (√2.22e−16, as SciPy's `slsqp`). */
const RANK_TOL = sqrt<f64>(2.22e-16);

// ---------------------------------------------------------------------------------------------
// The faithful objective J(θ) = (1/m)Σw_i(y_i − ŷ_i)² + δΣ|θ_j| from its arrays in kernel memory
// (src/fit/faithful.ts lays them out and documents the method): `objectiveValue` at a point, and
// `objectiveMoved` with one coordinate moved from the last point `objectiveValue` saw. SLSQP
// (wasm/slsqp.ts) calls them without leaving WebAssembly; JavaScript calls them for `value` and
// `moved`, so each is written once.

/**
 * An objective's descriptor: i32 words (byte offsets of its arrays and its sizes) then δ, a double
 * at `DESC_DELTA` bytes. Per term, `TERM_WORDS` words from `DESC_TERM`. src/fit/faithful.ts writes it.
 */
const DESC_M = 0; // rows in order (the mean's m)
const DESC_MP = 1; // even stride of the distinct rows' columns
const DESC_P = 2;
const DESC_TERMS = 3;
const DESC_NADD = 4;
const DESC_GAMMA = 5; // index of γ_T, −1 without it
const DESC_THETA = 6;
const DESC_ABS = 7; // |θ_j| at the last `objectiveValue` point
const DESC_A = 8;
const DESC_ADD_IDX = 9;
const DESC_Y = 10;
const DESC_W = 11;
const DESC_T = 12;
const DESC_SQ = 13;
const DESC_SCRATCH = 14;
const DESC_E = 15;
const DESC_ROW_OF = 16; // 0 when no row repeats
const DESC_ROWS = 17; // per parameter: its touched rows' offset, 0 for all
const DESC_COUNTS = 18; // per parameter: how many rows it touches (mp for all)
const DESC_SLOTS = 19; // per parameter and term: its column in the term, −1 if none
const DESC_TERM = 20; // per term: X, P, cols, nc, coef, ex, moved (`TERM_*`)
const TERM_WORDS = 7;
const TERM_X = 0;
const TERM_P = 1;
const TERM_COLS = 2;
const TERM_NC = 3;
const TERM_COEF = 4;
const TERM_EX = 5;
const TERM_MOVED = 6;
const DESC_DELTA = 8 * 17;

class D {
  /** Word k of the descriptor at d. */
  @inline static word(d: usize, k: i32): i32 {
    return load<i32>(d + ((<usize>k) << 2));
  }

  /** The offset in word k of the descriptor at d. */
  @inline static at(d: usize, k: i32): usize {
    return <usize>D.word(d, k);
  }

  /** Field f of term k. */
  @inline static term(d: usize, k: i32, f: i32): usize {
    return <usize>D.word(d, DESC_TERM + k * TERM_WORDS + f);
  }

  /** Entry i of the i32 array whose offset is word k. */
  @inline static entry(d: usize, k: i32, i: i32): i32 {
    return load<i32>(D.at(d, k) + ((<usize>i) << 2));
  }
}

/** σ(γ_T) at the descriptor's θ (1 without γ_T), with fdlibm's exp as the JavaScript did. */
function transformerFactor(d: usize): f64 {
  const gi = D.word(d, DESC_GAMMA);
  return gi < 0 ? 1.0 : 1 / (1 + scalarExp(-M.get(D.at(d, DESC_THETA), gi)));
}

/**
 * `squares` of the descriptor's objective at its θ, for term values s0 (s1), transformer factor
 * sg and all or the listed rows, into out.
 */
function descriptorSquares(d: usize, s0: usize, s1: usize, sg: f64, rows: usize, count: i32, out: usize): void {
  squares(
    s0,
    s1,
    D.at(d, DESC_A),
    D.at(d, DESC_ADD_IDX),
    D.word(d, DESC_NADD),
    D.at(d, DESC_THETA),
    D.at(d, DESC_Y),
    D.at(d, DESC_W),
    D.at(d, DESC_T),
    D.word(d, DESC_GAMMA) >= 0,
    sg,
    rows,
    count,
    out,
    D.word(d, DESC_MP),
  );
}

/** Σ of the m rows' squared residuals, in row order, from the distinct rows' at sq. */
function sumOfSquares(d: usize, sq: usize): f64 {
  const rowOf = D.at(d, DESC_ROW_OF);
  const m = D.word(d, DESC_M);
  return rowOf ? pairwiseAt(sq, rowOf, m) : pairwise(sq, m);
}

/** J from the sum of squared residuals and the |θ_j|, +∞ when not finite. */
function total(d: usize, sumSq: f64): f64 {
  const J = sumSq / <f64>D.word(d, DESC_M) + load<f64>(d + DESC_DELTA) * pairwise(D.at(d, DESC_ABS), D.word(d, DESC_P));
  return isFinite(J) ? J : Infinity;
}

/** J at the p doubles at x (which may be the descriptor's θ itself); the state `objectiveMoved` reads. */
export function objectiveValue(d: usize, x: usize): f64 {
  const p = D.word(d, DESC_P);
  const theta = D.at(d, DESC_THETA);
  const absTheta = D.at(d, DESC_ABS);
  for (let j = 0; j < p; j++) {
    const v = M.get(x, j);
    M.set(theta, j, v);
    M.set(absTheta, j, abs(v));
  }
  const mp = D.word(d, DESC_MP);
  const nTerms = D.word(d, DESC_TERMS);
  const E = D.at(d, DESC_E);
  for (let k = 0; k < nTerms; k++)
    termValue(
      D.term(d, k, TERM_X),
      D.term(d, k, TERM_P),
      D.term(d, k, TERM_COLS),
      <i32>D.term(d, k, TERM_NC),
      theta,
      D.term(d, k, TERM_COEF),
      E,
      D.term(d, k, TERM_EX),
      mp,
    );
  const s1 = nTerms > 1 ? D.term(d, 1, TERM_EX) : 0;
  const sq = D.at(d, DESC_SQ);
  descriptorSquares(d, D.term(d, 0, TERM_EX), s1, transformerFactor(d), 0, mp, sq);
  return total(d, sumOfSquares(d, sq));
}

/**
 * J with coordinate j moved to xj from the last `objectiveValue` point: the terms θ_j enters are
 * recomputed on the rows it touches, the others read; the point is left as it was.
 */
export function objectiveMoved(d: usize, j: i32, xj: f64): f64 {
  const theta = D.at(d, DESC_THETA);
  const absTheta = D.at(d, DESC_ABS);
  const old = M.get(theta, j);
  M.set(theta, j, xj);
  const sg = transformerFactor(d);
  const oldAbs = M.get(absTheta, j);
  M.set(absTheta, j, abs(xj));
  const mp = D.word(d, DESC_MP);
  const nTerms = D.word(d, DESC_TERMS);
  const rows = <usize>D.entry(d, DESC_ROWS, j);
  const count = D.entry(d, DESC_COUNTS, j);
  let s0 = D.term(d, 0, TERM_EX);
  let s1 = nTerms > 1 ? D.term(d, 1, TERM_EX) : 0;
  for (let k = 0; k < nTerms; k++) {
    const a = D.entry(d, DESC_SLOTS, j * 2 + k);
    if (a < 0) continue;
    const out = D.term(d, k, TERM_MOVED);
    termMoved(
      D.term(d, k, TERM_X),
      D.term(d, k, TERM_P),
      D.term(d, k, TERM_COEF),
      <i32>D.term(d, k, TERM_NC),
      a,
      xj,
      rows,
      count,
      D.at(d, DESC_E),
      out,
      mp,
    );
    if (k == 0) s0 = out;
    else s1 = out;
  }
  const sq = D.at(d, DESC_SQ);
  const scratch = D.at(d, DESC_SCRATCH);
  if (rows) memory.copy(scratch, sq, (<usize>mp) << F64);
  descriptorSquares(d, s0, s1, sg, rows, count, scratch);
  const J = total(d, sumOfSquares(d, scratch));
  M.set(absTheta, j, oldAbs);
  M.set(theta, j, old);
  return J;
}

export { slsqp, forwardStep } from "./slsqp";
export { lsForward, lsValue, lsGradient, lsGradHess, lsQuadraticGradient } from "./least-squares";
export { orthantSubproblem } from "./orthant-newton";
export { saturatingLoss } from "./saturating";
