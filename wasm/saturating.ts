/**
 * The saturating law's least-squares objective (src/extensions/saturating.ts documents it;
 * docs/method.md §7.1c): the sum of squared residuals of y = E + exp(a − α·ln(C/C0) − g·τ) over
 * the rows, and its gradient in the unconstrained parameters (e, a, u, g) with E = min(y)·σ(e) and
 * α = exp(u).
 *
 * Why WebAssembly: a bootstrap replicate is twenty L-BFGS runs, some 8,000 evaluations of this sum
 * over about a hundred rows, and the exponentials were most of the report's saturating-law
 * bootstrap. Here the exponents and their exp run two lanes at a time (`expInto`, fdlibm's exp,
 * with Math.E at exactly 1 as V8's Math.exp returns it); the residuals, the squares and the
 * gradient's products are those of the JavaScript definition, summed in row order, with no fused
 * multiply-add. So every double is the one the JavaScript computed
 * (test/extensions/saturating-reference.ts; test/extensions/saturating.test.ts checks it bit for bit).
 */
import { expInto } from "./faithful-kernel";
import { F64, M } from "./memory";

/** Math.E, which V8's Math.exp returns at exactly 1 (fdlibm's algorithm gives one ulp more). */
const E_CONST: f64 = 2.718281828459045;

/**
 * The sum of squared residuals Σ(y_i − ymin·s − exp(z_i))², z_i = a − α·lc_i − g·τ_i, over the m
 * rows of the columns lc (ln(C/C0)), tau (τ, years) and y (ln perplexity), with s = σ(e). The
 * gradient in (e, a, u, g) goes to the four doubles at grad: its α entry only when `withAlpha` (α
 * is fitted, not held), its g entry only when `withTime`; the others are 0. z and ez are scratch
 * arrays of m doubles (the exponents and their exp).
 */
export function saturatingLoss(
  lc: usize,
  tau: usize,
  y: usize,
  z: usize,
  ez: usize,
  grad: usize,
  m: i32,
  s: f64,
  ymin: f64,
  a: f64,
  alpha: f64,
  g: f64,
  withAlpha: bool,
  withTime: bool,
): f64 {
  const va = f64x2.splat(a);
  const valpha = f64x2.splat(alpha);
  const vg = f64x2.splat(g);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const o = (<usize>i) << F64;
    const e = f64x2.sub(f64x2.sub(va, f64x2.mul(valpha, v128.load(lc + o))), f64x2.mul(vg, v128.load(tau + o)));
    v128.store(z + o, e);
  }
  if (i < m) M.set(z, i, a - alpha * M.get(lc, i) - g * M.get(tau, i));
  expInto(z, ez, m);
  // ymin·s and 1 − s are the same doubles in every row of the JavaScript loop.
  const shift = ymin * s;
  const slope = 1 - s;
  let sse = 0.0;
  let g0 = 0.0;
  let g1 = 0.0;
  let g2 = 0.0;
  let g3 = 0.0;
  for (let r = 0; r < m; r++) {
    const e = M.get(z, r) == 1 ? E_CONST : M.get(ez, r);
    const res = M.get(y, r) - shift - e;
    sse += res * res;
    g0 += -2 * res * ymin * s * slope;
    g1 += -2 * res * e;
    if (withAlpha) g2 += 2 * res * e * M.get(lc, r) * alpha;
    if (withTime) g3 += 2 * res * e * M.get(tau, r);
  }
  M.set(grad, 0, g0);
  M.set(grad, 1, g1);
  M.set(grad, 2, g2);
  M.set(grad, 3, g3);
  return sse;
}
