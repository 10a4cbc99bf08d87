import { effectiveDataFactor, type FitData, type Normalisation } from "./data.js";
import type { ModelSpec, RowContext } from "./model-family.js";

/**
 * Design matrices of a model on data, built once per (model, data, normalisation). Column-major:
 * terms[k][a·m + i] is the feature of parameter cols[k][a] in term k for row i; only parameters
 * that enter a term are stored.
 */
export interface Design {
  spec: ModelSpec;
  m: number;
  p: number;
  terms: Float64Array[];
  cols: Int32Array[];
  /**
   * nz[k][a]: rows where column a of term k is non-zero, for columns that are mostly zero
   * (benchmark- and architecture-specific pieces), else null. Lets the Hessian skip zeros.
   */
  nz: (Int32Array | null)[][];
  /** Additive features, column-major m×p (additive[j·m + i]); null when the model has none. */
  additive: Float64Array | null;
  /** Indices of the parameters with a non-zero additive column. */
  addCols: Int32Array;
  /** Transformer indicator per row (used when spec.gammaT). */
  T: Float64Array;
  /** Row weights of the squared-error objective (all 1 when the data has none). */
  weight: Float64Array;
  /** Index of gamma_T in θ, or −1. */
  gammaIndex: number;
}

/**
 * A design's content as a result-cache key (docs/method.md §11): its arrays and sizes, with the model
 * named by its id instead of its feature functions (which cannot be serialised; within one library
 * version the id fixes them). `nz` is left out: it follows from the terms.
 *
 * @example
 * designKey(design).spec; // → "7"
 */
export function designKey(design: Design): Omit<Design, "spec" | "nz"> & { spec: string } {
  const { spec, m, p, terms, cols, additive, addCols, T, weight, gammaIndex } = design;
  return { spec: spec.id, m, p, terms, cols, additive, addCols, T, weight, gammaIndex };
}

/**
 * Build the design of `spec` on `data` with fixed normalisation constants (§2.5): n = ln(N/N0),
 * d = ln(D/D0), τ = t − t0, ln(C/C0) with C = 6ND. Model 20 uses effective data
 * D·(1 + R(1 − e^(−E/R))) with D0 of the raw D; model 19 needs a vocabulary on every row (impute
 * first, §5.11); models 14/15 use ln of the calendar year t.
 *
 * @example
 * const d7 = buildDesign(model("7"), data, norm);
 * d7; // → { m: 226, p: 10, gammaIndex: -1 }
 * d7.terms.length; // → 2
 */
export function buildDesign(spec: ModelSpec, data: FitData, norm: Normalisation): Design {
  const p = spec.params.length;
  const m = data.m;
  const index = new Map(spec.params.map((n, j) => [n, j]));
  const cols = spec.terms.map((pieces) =>
    Int32Array.from([...new Set(pieces.map(([n]) => index.get(n)!))].sort((a, b) => a - b)),
  );
  const slot = spec.terms.map((_, k) => new Map(Array.from(cols[k], (j, a) => [j, a])));
  const terms = cols.map((c) => new Float64Array(c.length * m));
  const additive = spec.additive.length ? new Float64Array(m * p) : null;
  // Each piece's column offset, found once; one row context, refilled per row (features are pure
  // functions of it), so a large design allocates nothing per row.
  const termPieces = spec.terms.map((pieces, k) =>
    pieces.map(([name, f]) => ({ at: slot[k].get(index.get(name)!)! * m, f })),
  );
  const addPieces = spec.additive.map(([name, f]) => ({ at: index.get(name)! * m, f }));
  const r: RowContext = { tau: 0, n: 0, d: 0, P: 0, W: 0, T: 0, lnT: 0, lnV: 0, lnC: 0, S: 0 };
  for (let i = 0; i < m; i++) {
    const D = spec.effectiveData ? data.D[i] * effectiveDataFactor(data.epoch[i]) : data.D[i];
    if (spec.needsVocab && !(data.vocab[i] > 0))
      throw new Error(`model ${spec.id}: row ${i} has no vocabulary size (impute it first, §5.11)`);
    r.tau = data.t[i] - norm.t0;
    r.n = Math.log(data.N[i] / norm.N0);
    r.d = Math.log(D / norm.D0);
    r.P = data.P[i];
    r.W = data.W[i];
    r.T = data.T[i];
    r.lnT = Math.log(data.t[i]);
    r.lnV = spec.needsVocab ? Math.log(data.vocab[i]) : 0;
    r.lnC = Math.log((6 * data.N[i] * data.D[i]) / norm.C0);
    r.S = spec.splitYear !== undefined && data.year[i] >= spec.splitYear ? 1 : 0;
    for (let k = 0; k < termPieces.length; k++) {
      const X = terms[k];
      for (const { at, f } of termPieces[k]) X[at + i] += f(r);
    }
    if (additive) for (const { at, f } of addPieces) additive[at + i] += f(r);
  }
  const addCols = Int32Array.from(new Set(spec.additive.map(([n]) => index.get(n)!)));
  return {
    spec,
    m,
    p,
    terms,
    cols,
    nz: sparsity(terms, cols, m),
    additive,
    addCols,
    T: data.T,
    weight: data.weight ?? new Float64Array(m).fill(1),
    gammaIndex: spec.gammaT ? index.get("gamma_T")! : -1,
  };
}

/** Non-zero row lists of the mostly-zero columns of each term (null for dense columns). */
function sparsity(terms: Float64Array[], cols: Int32Array[], m: number): (Int32Array | null)[][] {
  return terms.map((X, k) => {
    const out: (Int32Array | null)[] = [];
    for (let a = 0; a < cols[k].length; a++) {
      let count = 0;
      for (let i = 0; i < m; i++) if (X[a * m + i] !== 0) count++;
      if (count > SPARSE_SHARE * m) {
        out.push(null);
        continue;
      }
      const rows = new Int32Array(count);
      for (let i = 0, q = 0; i < m; i++) if (X[a * m + i] !== 0) rows[q++] = i;
      out.push(rows);
    }
    return out;
  });
}

/** Largest share of non-zero rows for which a column's non-zero rows are listed (`Design.nz`). */
const SPARSE_SHARE = 0.6;

/** The design restricted to rows `idx` (repetition allowed; same normalisation): cheaper than rebuilding it. */
export function subsetDesign(d: Design, idx: ArrayLike<number>): Design {
  const n = idx.length;
  const cut = (X: Float64Array, q: number) => {
    const out = new Float64Array(n * q);
    for (let a = 0; a < q; a++) {
      const src = a * d.m;
      const dst = a * n;
      for (let r = 0; r < n; r++) out[dst + r] = X[src + idx[r]];
    }
    return out;
  };
  const terms = d.terms.map((X, k) => cut(X, d.cols[k].length));
  return {
    ...d,
    m: n,
    terms,
    nz: sparsity(terms, d.cols, n),
    additive: d.additive ? cut(d.additive, d.p) : null,
    T: cut(d.T, 1),
    weight: cut(d.weight, 1),
  };
}
