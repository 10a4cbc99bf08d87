import { fdlibmExp } from "../numeric/exp.js";
import { pairwiseSum } from "../stats/pairwise.js";
import type { Design } from "./models.js";
import type { SlsqpObjective } from "./slsqp.js";

/**
 * The stated objective J(θ) = (1/m)Σw_i(y_i − ŷ_i)² + δΣ|θ_j| (docs/method.md §3.1) evaluated
 * operation for operation as the authors' NumPy code evaluates it: each exponent summed over its
 * features in design order, exp per term, terms added in order, `np.mean` of the squared
 * residuals and δ·`np.sum(np.abs(θ))`, both in NumPy's pairwise order (`pairwiseSum`). So its
 * forward differences round as SciPy's do, and SLSQP on it follows SciPy's path (bit for bit
 * where NumPy's exp agrees with V8's, test/fit/slsqp-scipy.test.ts).
 *
 * `moved(j, θ_j')` gives J with one coordinate moved from the last point `value` saw: only the
 * rows whose features for θ_j are non-zero are recomputed (for a benchmark or transformer
 * coefficient, a fraction of the rows; for γ_T, the transformer rows and no exp), which returns
 * the same double as `value` would, since unchanged rows reproduce their terms bit for bit.
 * Non-finite values are returned as +∞, which SLSQP's line search treats as a failed step.
 *
 * @example
 * const J = faithfulObjective(design, data.y, 0.0025);
 * J.value(new Float64Array(design.p)); // J at θ = 0
 */
// Long by design: the evaluations share per-term buffers (exps, prefix sums, products) that `value`
// fills and `moved` reads; as one closure they cannot be used out of order.
// eslint-disable-next-line max-lines-per-function -- long by design, as the comment above says
export function faithfulObjective(design: Design, y: ArrayLike<number>, delta: number): Required<SlsqpObjective> {
  const { m, p, terms, cols, T, weight, gammaIndex } = design;
  if (terms.length > 2)
    throw new Error(`faithfulObjective: ${terms.length} exponential terms (the model family has at most 2)`);
  const theta = new Float64Array(p);
  /** Per term: exp of its exponent per row at `theta`. */
  const ex = terms.map(() => new Float64Array(m));
  const sq = new Float64Array(m);
  const abs = new Float64Array(p);
  const scratchSq = new Float64Array(m);
  const slot = cols.map((c) => new Map(Array.from(c, (j, a) => [j, a])));
  // Rows each parameter touches: non-zero in any of its columns (additive, exponential, or T = 1 for γ_T).
  const hit = new Uint8Array(m);
  const touched: Int32Array[] = Array.from({ length: p }, (_, j) => {
    hit.fill(0);
    terms.forEach((X, k) => {
      const a = slot[k].get(j);
      if (a !== undefined) for (let i = 0; i < m; i++) if (X[a * m + i] !== 0) hit[i] = 1;
    });
    if (design.additive) for (let i = 0; i < m; i++) if (design.additive[j * m + i] !== 0) hit[i] = 1;
    if (j === gammaIndex) for (let i = 0; i < m; i++) if (T[i] === 1) hit[i] = 1;
    let count = 0;
    for (let i = 0; i < m; i++) count += hit[i];
    const rows = new Int32Array(count);
    for (let i = 0, q = 0; i < m; i++) if (hit[i]) rows[q++] = i;
    return rows;
  });
  /** Column of parameter j in term k, −1 when the term does not use it. */
  const slotOf = Array.from({ length: p }, (_, j) => slot.map((s) => s.get(j) ?? -1));
  /** The one term of two that parameter j enters, for the fused pass of `moved`; −1 when that pass does not apply. */
  const fusedTerm = Int32Array.from({ length: p }, (_, j) => {
    const ks = slotOf[j].flatMap((a, k) => (a >= 0 ? [k] : []));
    return terms.length === 2 && !design.additive && ks.length === 1 ? ks[0] : -1;
  });

  const nTerms = terms.length;
  const additive = design.additive;
  const addCols = design.addCols;
  const gam = gammaIndex >= 0;
  /** Per term: exp of the exponent with one coordinate moved (`moved`). */
  const moveEx = terms.map(() => new Float64Array(m));
  const src: Float64Array[] = ex.slice();

  /** J from squared residuals and |θ|, +∞ when not finite. */
  const total = (squares: Float64Array, absv: Float64Array): number => {
    const J = pairwiseSum(squares) / m + delta * pairwiseSum(absv);
    return Number.isFinite(J) ? J : Infinity;
  };
  /**
   * Partial sums of each term's exponent at `theta` (pre[k][a·m + i]: features 0…a−1 of row i),
   * kept by `value` so that moving the coefficient of feature a recomputes features a… only:
   * the sum is formed in the same order, so it is the same double.
   */
  const pre = cols.map((c) => new Float64Array(c.length * m));
  /** Each term's products X_{ia}·θ_a at `theta` (prod[k][a·m + i]), the same doubles `exponents` adds. */
  const prod = cols.map((c) => new Float64Array(c.length * m));
  /** Term k's exponent at th for every row into out, recording partial sums. */
  const exponents = (k: number, th: ArrayLike<number>, out: Float64Array): void => {
    const X = terms[k];
    const c = cols[k];
    const P = pre[k];
    const Q = prod[k];
    const t0 = th[c[0]];
    for (let i = 0; i < m; i++) out[i] = Q[i] = X[i] * t0;
    for (let a = 1; a < c.length; a++) {
      const ta = th[c[a]];
      const o = a * m;
      P.set(out, o);
      for (let i = 0; i < m; i++) out[i] += Q[o + i] = X[o + i] * ta;
    }
  };
  /**
   * exp of term k's exponent with the coefficient of its feature `from` moved (θ = th), for all rows or the listed
   * ones.
   */
  const termFrom = (
    k: number,
    from: number,
    th: ArrayLike<number>,
    rows: Int32Array | null,
    out: Float64Array,
  ): void => {
    const X = terms[k];
    const c = cols[k];
    const P = pre[k];
    const nc = c.length;
    const o = from * m;
    const tf = th[c[from]];
    // `th` differs from the last point `value` saw only in coordinate c[from]: the later products are `prod`'s.
    const Q = prod[k];
    if (!rows) {
      if (from === 0) for (let i = 0; i < m; i++) out[i] = X[i] * tf;
      else for (let i = 0; i < m; i++) out[i] = P[o + i] + X[o + i] * tf;
      for (let a = from + 1; a < nc; a++) {
        const oa = a * m;
        for (let i = 0; i < m; i++) out[i] += Q[oa + i];
      }
      for (let i = 0; i < m; i++) out[i] = fdlibmExp(out[i]);
      return;
    }
    for (let q = 0; q < rows.length; q++) {
      const i = rows[q];
      let e = from === 0 ? X[i] * tf : P[o + i] + X[o + i] * tf;
      for (let a = from + 1; a < nc; a++) e += Q[a * m + i];
      out[i] = fdlibmExp(e);
    }
  };
  /** Squared weighted residuals of the listed rows (all rows when `rows` is null) from the term values in `src`. */
  const squares = (th: ArrayLike<number>, sg: number, rows: Int32Array | null, out: Float64Array): void => {
    const s0 = src[0];
    const s1 = nTerms > 1 ? src[1] : null;
    const count = rows ? rows.length : m;
    for (let q = 0; q < count; q++) {
      const i = rows ? rows[q] : q;
      let base = s1 ? s0[i] + s1[i] : s0[i];
      if (additive) for (let a = 0; a < addCols.length; a++) base += additive[addCols[a] * m + i] * th[addCols[a]];
      const r = y[i] - (gam && T[i] === 1 ? sg * base : base);
      out[i] = weight[i] * r * r;
    }
  };

  return {
    value(th) {
      theta.set(th);
      for (let k = 0; k < nTerms; k++) src[k] = ex[k];
      const sg = gam ? 1 / (1 + fdlibmExp(-th[gammaIndex])) : 1;
      if (nTerms === 2 && !additive) {
        // Exponents of both terms, then exp, sum and residual in one pass.
        exponents(0, th, ex[0]);
        exponents(1, th, ex[1]);
        const e0 = ex[0];
        const e1 = ex[1];
        for (let i = 0; i < m; i++) {
          const v0 = fdlibmExp(e0[i]);
          const v1 = fdlibmExp(e1[i]);
          e0[i] = v0;
          e1[i] = v1;
          const base = v0 + v1;
          const r = y[i] - (gam && T[i] === 1 ? sg * base : base);
          sq[i] = weight[i] * r * r;
        }
      } else {
        for (let k = 0; k < nTerms; k++) {
          exponents(k, th, ex[k]);
          for (let i = 0; i < m; i++) ex[k][i] = fdlibmExp(ex[k][i]);
        }
        squares(th, sg, null, sq);
      }
      for (let j = 0; j < p; j++) abs[j] = Math.abs(th[j]);
      return total(sq, abs);
    },
    moved(j, xj) {
      const old = theta[j];
      theta[j] = xj;
      const sg = gam ? 1 / (1 + fdlibmExp(-theta[gammaIndex])) : 1;
      const rows = touched[j];
      const dense = rows.length === m;
      const oldAbs = abs[j];
      abs[j] = Math.abs(xj);
      const k1 = fusedTerm[j];
      if (dense && k1 >= 0) {
        // The common case, fused into one pass: a dense coefficient of one of two terms, no additive part.
        const X = terms[k1];
        const P = pre[k1];
        const Q = prod[k1];
        const nc = cols[k1].length;
        const from = slotOf[j][k1];
        const o = from * m;
        const other = ex[1 - k1];
        for (let i = 0; i < m; i++) {
          let e = from === 0 ? X[i] * xj : P[o + i] + X[o + i] * xj;
          for (let a = from + 1; a < nc; a++) e += Q[a * m + i];
          const base = fdlibmExp(e) + other[i];
          const r = y[i] - (gam && T[i] === 1 ? sg * base : base);
          scratchSq[i] = weight[i] * r * r;
        }
        const J = total(scratchSq, abs);
        abs[j] = oldAbs;
        theta[j] = old;
        return J;
      }
      for (let k = 0; k < nTerms; k++) {
        const a = slotOf[j][k];
        if (a < 0) continue;
        termFrom(k, a, theta, dense ? null : rows, moveEx[k]);
        src[k] = moveEx[k];
      }
      if (!dense) scratchSq.set(sq);
      squares(theta, sg, dense ? null : rows, scratchSq);
      const J = total(scratchSq, abs);
      abs[j] = oldAbs;
      theta[j] = old;
      for (let k = 0; k < nTerms; k++) src[k] = ex[k];
      return J;
    },
  };
}
