/**
 * SLSQP's search direction (wasm/faithful-kernel.ts `direction`) written out in plain JavaScript,
 * one column at a time as Lawson & Hanson's HFTI runs it (SciPy's LSQ without constraints): the
 * reference the kernel must reproduce bit for bit, its workspace E included
 * (test/fit/faithful-kernel.test.ts). L is SLSQP's packed LDLᵀ (column-wise lower triangle, D on
 * the diagonal); returns s = −(LDLᵀ)⁻¹g, E and whether E had full rank.
 */
const RANK_TOL = Math.sqrt(2.22e-16);

/** Index of element (i, j), i ≥ j, of a packed column-wise lower triangle of an n×n matrix. */
const packed = (n: number, i: number, j: number) => j * n - (j * (j - 1)) / 2 + (i - j);

/** One Householder reflection of column `col` of a (n×n, by columns) at pivot p, on the later columns and b. */
function householder(a: Float64Array, n: number, col: number, p: number, b: Float64Array): void {
  const o = col * n;
  if (p + 1 >= n) return;
  let cl = Math.abs(a[o + p]);
  for (let i = p + 1; i < n; i++) cl = Math.max(cl, Math.abs(a[o + i]));
  if (cl <= 0) return;
  const inv = 1 / cl;
  const a0 = a[o + p] * inv;
  let sm = a0 * a0;
  for (let i = p + 1; i < n; i++) {
    const v = a[o + i] * inv;
    sm += v * v;
  }
  cl *= Math.sqrt(sm);
  if (a[o + p] > 0) cl = -cl;
  const up = a[o + p] - cl;
  a[o + p] = cl;
  const beta = up * a[o + p];
  if (beta >= 0) return;
  const binv = 1 / beta;
  for (let j = col + 1; j <= n; j++) {
    const c = j < n ? a : b;
    const co = j < n ? j * n : 0;
    let s = c[co + p] * up;
    for (let i = p + 1; i < n; i++) s += c[co + i] * a[o + i];
    if (s === 0) continue;
    s *= binv;
    c[co + p] += s * up;
    for (let i = p + 1; i < n; i++) c[co + i] += s * a[o + i];
  }
}

export function directionReference(
  n: number,
  L: Float64Array,
  g: Float64Array,
): { s: Float64Array; E: Float64Array; ok: boolean } {
  const E = new Float64Array(n * n);
  const s = new Float64Array(n);
  const h = new Float64Array(n);
  const ip = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const diag = Math.sqrt(L[packed(n, i, i)]);
    E[i * n + i] = diag;
    for (let j = i + 1; j < n; j++) E[j * n + i] = L[packed(n, j, i)] * diag;
    let dot = 0;
    for (let k = 0; k < i; k++) dot += E[i * n + k] * s[k];
    s[i] = (g[i] - dot) / diag;
  }
  for (let i = 0; i < n; i++) s[i] = -s[i];
  let hmax = 0;
  for (let j = 0; j < n; j++) {
    let lmax = j;
    let recompute = j === 0;
    if (!recompute) {
      for (let l = j; l < n; l++) {
        const e = E[l * n + j - 1];
        h[l] -= e * e;
        if (h[l] > h[lmax]) lmax = l;
      }
      recompute = !(hmax + 1e-3 * h[lmax] - hmax > 0);
    }
    if (recompute) {
      lmax = j;
      for (let l = j; l < n; l++) {
        let sq = 0;
        for (let i = j; i < n; i++) sq += E[l * n + i] * E[l * n + i];
        h[l] = sq;
        if (h[l] > h[lmax]) lmax = l;
      }
      hmax = h[lmax];
    }
    ip[j] = lmax;
    if (lmax !== j) {
      for (let i = 0; i < n; i++) [E[j * n + i], E[lmax * n + i]] = [E[lmax * n + i], E[j * n + i]];
      h[lmax] = h[j];
    }
    householder(E, n, j, j, s);
  }
  for (let j = 0; j < n; j++) if (Math.abs(E[j * n + j]) <= RANK_TOL) return { s, E, ok: false };
  for (let i = n - 1; i >= 0; i--) {
    let dot = 0;
    for (let j = i + 1; j < n; j++) dot += E[j * n + i] * s[j];
    s[i] = (s[i] - dot) / E[i * n + i];
  }
  for (let j = n - 1; j >= 0; j--) {
    const l = ip[j];
    if (l !== j) [s[l], s[j]] = [s[j], s[l]];
  }
  return { s, E, ok: true };
}
