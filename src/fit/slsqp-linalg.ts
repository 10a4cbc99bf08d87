/**
 * The linear algebra of SLSQP (docs/method.md §3.3): the packed LDLᵀ factors of the quasi-Newton
 * matrix, the search direction as Lawson & Hanson's HFTI solves the least-squares subproblem, and
 * Fletcher & Powell's rank-one modification of the factors. Written from the algorithms' published
 * descriptions; `slsqp.ts` drives them.
 */

/** Pseudo-rank tolerance of the subproblem (HFTI with √2.22e−16, as in the Fortran). */
const RANK_TOL = Math.sqrt(2.22e-16);
/** The machine ε the Fortran uses in the negative LDLᵀ update. */
const EPMACH = 2.22e-16;

/** Packed column-wise lower triangle: index of element (i, j), i ≥ j, of an n×n matrix (0-based). */
export function at(n: number, i: number, j: number): number {
  return j * n - (j * (j - 1)) / 2 + (i - j);
}

/**
 * One Householder reflection (Lawson & Hanson's H1/H2): built from column `col` of the n×n
 * column-major matrix `a` to zero rows p+1..n−1 below pivot row p, then applied to the columns
 * listed and to the vector `b`. Returns false when the column is already zero there.
 */
function householder(a: Float64Array, n: number, col: number, p: number, b: Float64Array): void {
  const o = col * n;
  if (p + 1 >= n) return;
  let cl = Math.abs(a[o + p]);
  for (let i = p + 1; i < n; i++) cl = Math.max(cl, Math.abs(a[o + i]));
  if (cl <= 0) return;
  const inv = 1 / cl;
  let sm = (a[o + p] * inv) ** 2;
  for (let i = p + 1; i < n; i++) sm += (a[o + i] * inv) ** 2;
  cl *= Math.sqrt(sm);
  if (a[o + p] > 0) cl = -cl;
  const up = a[o + p] - cl;
  a[o + p] = cl;
  const beta = up * a[o + p];
  if (beta >= 0) return;
  const binv = 1 / beta;
  // Apply I + u·uᵀ/β to columns col+1… of a, then to b (index n stands for b).
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

/**
 * Search direction: minimise ‖E s − F‖ with E = D^½Lᵀ and F = −D^−½L⁻¹g (so s = −(LDLᵀ)⁻¹g),
 * solved as SciPy's LSQ → LSEI → HFTI solves it without constraints: Householder QR of E with
 * column interchanges (column norms downdated while they keep three digits, recomputed
 * otherwise), pseudo-rank at |R_jj| ≤ √2.22e−16, back substitution, interchanges undone.
 * Writes s; returns false when E is rank-deficient (SciPy's exit mode 7).
 */
export function direction(
  n: number,
  L: Float64Array,
  g: Float64Array,
  s: Float64Array,
  ws: { E: Float64Array; h: Float64Array; ip: Int32Array },
): boolean {
  const { E, h, ip } = ws;
  // E column-major: E(i, i) = √D_i, E(i, j) = √D_i·L(j, i) for j > i; F by forward substitution in s.
  E.fill(0);
  for (let i = 0; i < n; i++) {
    const diag = Math.sqrt(L[at(n, i, i)]);
    E[i * n + i] = diag;
    for (let j = i + 1; j < n; j++) E[j * n + i] = L[at(n, j, i)] * diag;
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
        h[l] -= E[l * n + j - 1] ** 2;
        if (h[l] > h[lmax]) lmax = l;
      }
      recompute = !(hmax + 1e-3 * h[lmax] - hmax > 0);
    }
    if (recompute) {
      lmax = j;
      for (let l = j; l < n; l++) {
        let sq = 0;
        for (let i = j; i < n; i++) sq += E[l * n + i] ** 2;
        h[l] = sq;
        if (h[l] > h[lmax]) lmax = l;
      }
      hmax = h[lmax];
    }
    ip[j] = lmax;
    if (lmax !== j) {
      for (let i = 0; i < n; i++) {
        const tmp = E[j * n + i];
        E[j * n + i] = E[lmax * n + i];
        E[lmax * n + i] = tmp;
      }
      h[lmax] = h[j];
    }
    householder(E, n, j, j, s);
  }
  for (let j = 0; j < n; j++) if (Math.abs(E[j * n + j]) <= RANK_TOL) return false;
  for (let i = n - 1; i >= 0; i--) {
    let dot = 0;
    for (let j = i + 1; j < n; j++) dot += E[j * n + i] * s[j];
    s[i] = (s[i] - dot) / E[i * n + i];
  }
  for (let j = n - 1; j >= 0; j--) {
    const l = ip[j];
    if (l !== j) {
      const tmp = s[l];
      s[l] = s[j];
      s[j] = tmp;
    }
  }
  return true;
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
