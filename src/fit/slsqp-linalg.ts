/**
 * The linear algebra of SLSQP (docs/method.md §3.3): the packed LDLᵀ factors of the quasi-Newton
 * matrix, the search direction as Lawson & Hanson's HFTI solves the least-squares subproblem, and
 * Fletcher & Powell's rank-one modification of the factors. Written from the algorithms' published
 * descriptions; `slsqp.ts` drives them.
 */
import { LINALG, LINALG_MAX, linalgKernel } from "./wasm-kernel.js";

/** The machine ε the Fortran uses in the negative LDLᵀ update. */
const EPMACH = 2.22e-16;

/** Packed column-wise lower triangle: index of element (i, j), i ≥ j, of an n×n matrix (0-based). */
export function at(n: number, i: number, j: number): number {
  return j * n - (j * (j - 1)) / 2 + (i - j);
}

/**
 * Search direction: minimise ‖E s − F‖ with E = D^½Lᵀ and F = −D^−½L⁻¹g (so s = −(LDLᵀ)⁻¹g),
 * solved as SciPy's LSQ → LSEI → HFTI solves it without constraints: Householder QR of E with
 * column interchanges (column norms downdated while they keep three digits, recomputed
 * otherwise), pseudo-rank at |R_jj| ≤ √2.22e−16, back substitution, interchanges undone.
 * Writes s; returns false when E is rank-deficient (SciPy's exit mode 7). The loops run in the
 * WebAssembly kernel (`direction` in wasm/faithful-kernel.ts, the same operations in the same
 * order): in JavaScript they took about 4 µs per iteration for ten parameters.
 */
export function direction(n: number, L: Float64Array, g: Float64Array, s: Float64Array): boolean {
  if (n > LINALG_MAX) throw new Error(`slsqp: ${n} parameters (the direction kernel takes at most ${LINALG_MAX})`);
  const { fn, f64 } = linalgKernel();
  f64.set(L.subarray(0, (n * (n + 1)) / 2), LINALG.L / 8);
  f64.set(g.subarray(0, n), LINALG.g / 8);
  const ok = fn.direction(n, LINALG.L, LINALG.g, LINALG.s, LINALG.E, LINALG.h, LINALG.ip);
  s.set(f64.subarray(LINALG.s / 8, LINALG.s / 8 + n));
  return ok;
}

/**
 * Rank-one modification LDLᵀ + σ·zzᵀ of the packed factors (Fletcher & Powell 1974, as Kraft's
 * LDL implements it: for σ < 0 the auxiliary vector is computed first and kept positive by ε/σ).
 * Overwrites z; `w` is workspace.
 */
export function ldlUpdate(n: number, a: Float64Array, z: Float64Array, sigma: number, w: Float64Array): void {
  if (sigma === 0) return;
  let ij = 0;
  let t = 1 / sigma;
  if (sigma < 0) {
    for (let i = 0; i < n; i++) w[i] = z[i];
    for (let i = 0; i < n; i++) {
      const v = w[i];
      t += (v * v) / a[ij];
      for (let j = i + 1; j < n; j++) {
        ij++;
        w[j] -= v * a[ij];
      }
      ij++;
    }
    if (t >= 0) t = EPMACH / sigma;
    for (let i = 0; i < n; i++) {
      const j = n - 1 - i;
      ij -= i + 1;
      const u = w[j];
      w[j] = t;
      t -= (u * u) / a[ij];
    }
  }
  for (let i = 0; i < n; i++) {
    const v = z[i];
    const delta = v / a[ij];
    const tp = sigma < 0 ? w[i] : t + delta * v;
    const alpha = tp / t;
    a[ij] *= alpha;
    if (i === n - 1) return;
    const beta = delta / tp;
    if (alpha > 4) {
      const gamma = t / tp;
      for (let j = i + 1; j < n; j++) {
        ij++;
        const u = a[ij];
        a[ij] = gamma * u + beta * z[j];
        z[j] -= v * u;
      }
    } else {
      for (let j = i + 1; j < n; j++) {
        ij++;
        z[j] -= v * a[ij];
        a[ij] += beta * z[j];
      }
    }
    ij++;
    t = tp;
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
