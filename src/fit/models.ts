import { type FitData, type Normalisation, effectiveDataFactor } from "./data.js";

/**
 * The model family of docs/method.md §2, declared once from its pieces. Every model predicts
 * log-perplexity (nats/token) as
 *
 *   ŷ_i = F_i(θ) · [ Σ_k exp(x_{k,i} · θ) + z_i · θ ],
 *
 * a sum of exponentials of linear functions of θ (the parameter term A and the data term B of
 * §2.1; one term for the compute-only model 18), optionally an additive linear part (vocabulary
 * γ·ln V of model 19, irreducible γ(b) of §2.4) and optionally the transformer factor
 * F_i = T_i·σ(γ_T) + (1 − T_i) of §2.4, which multiplies the whole wrapped prediction. A model is
 * a list of parameter names and, per term, which parameter multiplies which per-row feature. The
 * features are computed once per (model, data, normalisation) into dense column-major design
 * matrices (`buildDesign`), so a prediction, the MSE, its exact gradient and its exact Hessian
 * cost a few passes over m rows (microseconds for the 231-row sample).
 */

/** Per-row quantities the features are built from (§0). */
interface RowContext {
  /** τ = t − t0 (years). */
  tau: number;
  /** n = ln(N/N0). */
  n: number;
  /** d = ln(D/D0); effective data for model 20 with D0 of the raw D (§2.5). */
  d: number;
  P: number;
  W: number;
  T: number;
  /** ln of the calendar fractional year t (models 14/15, Quirk Q7), not of τ. */
  lnT: number;
  /** ln vocabulary (model 19). */
  lnV: number;
  /** ln(6ND/C0) (model 18), C0 fixed by the normalisation (Quirk Q8 corrected). */
  lnC: number;
  /** Year-dummy indicator S = [calendar year ≥ split year] (§2.4). */
  S: number;
}

type Feature = (r: RowContext) => number;
/** A parameter name with the feature it multiplies. */
type Piece = [name: string, feature: Feature];

/** A model: ordered parameter names, exponential terms, optional additive part and transformer factor. */
export interface ModelSpec {
  /** Identifier: "1".."20", "<k>+gammaT", "7+yeardummy<YYYY>", "irreducible". */
  id: string;
  /** Human-readable description. */
  name: string;
  /** Parameter names in output order (§2.3), snake_case ASCII. */
  params: string[];
  /** Exponential terms (A, B), each a list of pieces. */
  terms: Piece[][];
  /** Additive linear pieces (inside the transformer factor). */
  additive: Piece[];
  /** Multiply transformer rows by σ(gamma_T) (§2.4). */
  gammaT: boolean;
  /** Replace D by effective data with imputed epochs (model 20). */
  effectiveData: boolean;
  /** Uses ln V and needs a vocabulary on every row (model 19). */
  needsVocab: boolean;
  /** Year-dummy split year (§2.4), if any. */
  splitYear?: number;
  /** Which parameters are intercepts (spared by `penalized-slopes`). */
  intercepts: string[];
  /** Which §5.1 family the doubling-time formula follows. */
  family: "two-term" | "compute-only" | "time-varying" | "no-progress";
}

/** A model with its evaluation functions bound (`model(id)`). */
export interface Model extends ModelSpec {
  /** ŷ (ln perplexity) of every row of `data` at θ, written to `out` (§2.3). */
  predict(theta: ArrayLike<number>, data: FitData, norm: Normalisation, out?: Float64Array): Float64Array;
  /** MSE (1/m)Σw(y − ŷ)² at θ with its exact gradient written to `grad` (+∞ when ŷ is not finite, §3.4). */
  mseGradient(theta: ArrayLike<number>, data: FitData, norm: Normalisation, grad: Float64Array): number;
}

const one: Feature = () => 1;
const negTau: Feature = (r) => -r.tau;
const negN: Feature = (r) => -r.n;
const negD: Feature = (r) => -r.d;

/** Benchmark-shifted coefficient c(b) = c + c_ptb·P + c_wt2·W (§0). */
const bench = (name: string, f: Feature): Piece[] => [
  [name, f],
  [`${name}_ptb`, (r) => f(r) * r.P],
  [`${name}_wt2`, (r) => f(r) * r.W],
];
/** Architecture-specific coefficient c·(1 − T) + c_t·T (§2.2). */
const arch = (name: string, f: Feature): Piece[] => [
  [name, (r) => f(r) * (1 - r.T)],
  [`${name}_t`, (r) => f(r) * r.T],
];
const plain = (name: string, f: Feature): Piece[] => [[name, f]];
const SHAPES = { plain, bench, arch };

/**
 * Shape of one exponential term (§2.3 table): intercept plain or benchmark-shifted; time trend
 * absent, plain, benchmark-shifted or shared between the terms (model 12's multiplicative time
 * factor exp(−α_year·τ), which equals α_year entering both exponents); slope plain,
 * benchmark-shifted or architecture-specific; `rate` adds the time-varying exponent
 * [slope + rate·ln t] of models 14/15.
 */
type TermShape = {
  konst: "plain" | "bench";
  year?: "plain" | "bench" | "shared";
  slope: "plain" | "bench" | "arch";
  rate?: boolean;
};

function isIntercept(name: string): boolean {
  return /_const(_ptb|_wt2)?$/.test(name) || /^gamma(_ptb|_wt2)?$/.test(name);
}

function spec(
  id: string,
  name: string,
  params: string[],
  terms: Piece[][],
  family: ModelSpec["family"],
  extra: Partial<ModelSpec> = {},
): ModelSpec {
  return {
    id,
    name,
    params,
    terms,
    additive: [],
    gammaT: false,
    effectiveData: false,
    needsVocab: false,
    intercepts: params.filter(isIntercept),
    family,
    ...extra,
  };
}

/** A two-term model A + B from the shapes of its terms (§2.3). */
function twoTerm(
  id: string,
  name: string,
  a: TermShape,
  b: TermShape,
  family: ModelSpec["family"] = "two-term",
): ModelSpec {
  const term = (prefix: "alpha" | "beta", s: TermShape): Piece[] => {
    const slope = prefix === "alpha" ? "alpha_param" : "beta_data";
    const feat = prefix === "alpha" ? negN : negD;
    const pieces: Piece[] = [...SHAPES[s.konst](`${prefix}_const`, one)];
    if (s.year === "shared") pieces.push(["alpha_year", negTau]);
    else if (s.year) pieces.push(...SHAPES[s.year](`${prefix}_year`, negTau));
    pieces.push(...SHAPES[s.slope](slope, feat));
    if (s.rate) pieces.push([`${prefix}_rate`, (r) => feat(r) * r.lnT]);
    return pieces;
  };
  const A = term("alpha", a);
  const B = term("beta", b);
  // §2.3 order: A's parameters, then B's, rates last (models 14/15); a shared α_year once.
  const names: string[] = [];
  for (const [n] of [...A, ...B]) if (!n.endsWith("_rate") && !names.includes(n)) names.push(n);
  for (const [n] of [...A, ...B]) if (n.endsWith("_rate")) names.push(n);
  return spec(id, name, names, [A, B], family);
}

const P = "plain" as const;
const Bn = "bench" as const;
const Ar = "arch" as const;

/** The numbered models 1–20 of §2.3. */
const NUMBERED: Record<string, () => ModelSpec> = {
  "1": () =>
    twoTerm("1", "time trends in both terms", { konst: P, year: P, slope: P }, { konst: P, year: P, slope: P }),
  "2": () => twoTerm("2", "data-efficiency trend only", { konst: P, slope: P }, { konst: P, year: P, slope: P }),
  "3": () => twoTerm("3", "parameter-efficiency trend only", { konst: P, year: P, slope: P }, { konst: P, slope: P }),
  "4": () =>
    twoTerm("4", "benchmark-specific α_year", { konst: P, year: Bn, slope: P }, { konst: P, year: P, slope: P }),
  "5": () =>
    twoTerm("5", "benchmark-specific β_year", { konst: P, year: P, slope: P }, { konst: P, year: Bn, slope: P }),
  "6": () =>
    twoTerm("6", "benchmark-specific trends", { konst: P, year: Bn, slope: P }, { konst: P, year: Bn, slope: P }),
  "7": () =>
    twoTerm(
      "7",
      "benchmark-specific intercepts (preferred)",
      { konst: Bn, year: P, slope: P },
      { konst: Bn, year: P, slope: P },
    ),
  "8": () =>
    twoTerm(
      "8",
      "benchmark intercepts, data-efficiency trend only",
      { konst: Bn, slope: P },
      { konst: Bn, year: P, slope: P },
    ),
  "9": () =>
    twoTerm(
      "9",
      "benchmark intercepts, parameter-efficiency trend only",
      { konst: Bn, year: P, slope: P },
      { konst: Bn, slope: P },
    ),
  "10": () =>
    twoTerm(
      "10",
      "benchmark-specific intercepts and trends",
      { konst: Bn, year: Bn, slope: P },
      { konst: Bn, year: Bn, slope: P },
    ),
  "11": () =>
    twoTerm(
      "11",
      "benchmark-specific intercepts, trends and exponents",
      { konst: Bn, year: Bn, slope: Bn },
      { konst: Bn, year: Bn, slope: Bn },
    ),
  "12": () =>
    twoTerm(
      "12",
      "one multiplicative time factor exp(−α_year·τ)",
      { konst: Bn, year: "shared", slope: P },
      { konst: Bn, year: "shared", slope: P },
    ),
  "13": () =>
    twoTerm(
      "13",
      "architecture-specific exponents",
      { konst: Bn, year: P, slope: Ar },
      { konst: Bn, year: P, slope: Ar },
    ),
  "14": () =>
    twoTerm(
      "14",
      "exponents varying with ln t, no trend",
      { konst: Bn, slope: P, rate: true },
      { konst: Bn, slope: P, rate: true },
      "time-varying",
    ),
  "15": () =>
    twoTerm(
      "15",
      "exponents varying with ln t, with trends",
      { konst: Bn, year: P, slope: P, rate: true },
      { konst: Bn, year: P, slope: P, rate: true },
      "time-varying",
    ),
  "16": () => twoTerm("16", "no algorithmic progress", { konst: Bn, slope: P }, { konst: Bn, slope: P }, "no-progress"),
  "17": () =>
    twoTerm(
      "17",
      "architecture-specific exponents, no progress",
      { konst: Bn, slope: Ar },
      { konst: Bn, slope: Ar },
      "no-progress",
    ),
  "18": () => {
    const A: Piece[] = [...bench("alpha_const", one), ["alpha_year", negTau], ["alpha_compute", (r) => -r.lnC]];
    return spec(
      "18",
      "compute only, C = 6ND",
      A.map(([n]) => n),
      [A],
      "compute-only",
    );
  },
  "19": () => {
    const m = NUMBERED["7"]();
    return {
      ...m,
      id: "19",
      name: "model 7 + γ·ln V",
      params: ["gamma", ...m.params],
      additive: [["gamma", (r) => r.lnV]],
      needsVocab: true,
      intercepts: m.intercepts,
    };
  },
  "20": () => ({
    ...NUMBERED["7"](),
    id: "20",
    name: "model 7 on effective data (imputed epochs)",
    effectiveData: true,
  }),
};

/** Ids of the numbered models 1–20 of §2.3. */
export const MODEL_IDS = Object.keys(NUMBERED);

/** The unbound specification of a model id (see `model`). */
function specOf(id: string): ModelSpec {
  if (NUMBERED[id]) return NUMBERED[id]();
  let m = /^(\d+)\+gammaT$/.exec(id);
  if (m) {
    if (m[1] === "13" || m[1] === "17")
      throw new Error(
        `model ${id}: the transformer-γ variant does not wrap the architecture-specific models 13/17 (§2.4)`,
      );
    const base = specOf(m[1]);
    return {
      ...base,
      id,
      name: `${base.name}, × σ(γ_T) for transformers`,
      params: [...base.params, "gamma_T"],
      gammaT: true,
    };
  }
  m = /^7\+yeardummy(\d{4})$/.exec(id);
  if (m) {
    const base = specOf("7");
    const S: Feature = (r) => -r.tau * r.S;
    return {
      ...base,
      id,
      name: `model 7 with year dummies (split ${m[1]})`,
      params: [...base.params, "alpha_year_dummy", "beta_year_dummy"],
      terms: [
        [...base.terms[0], ["alpha_year_dummy", S]],
        [...base.terms[1], ["beta_year_dummy", S]],
      ],
      splitYear: Number(m[1]),
    };
  }
  if (id === "irreducible") {
    const base = specOf("7");
    return {
      ...base,
      id,
      name: "model 7 + irreducible γ(b)",
      params: ["gamma", "gamma_ptb", "gamma_wt2", ...base.params],
      additive: bench("gamma", one),
      intercepts: ["gamma", "gamma_ptb", "gamma_wt2", ...base.intercepts],
    };
  }
  throw new Error(`unknown model "${id}" (expected 1–20, <k>+gammaT, 7+yeardummy<year> or irreducible)`);
}

/** Designs built by `Model.predict`/`Model.mseGradient`, per data object and normalisation. */
const designCache = new WeakMap<FitData, Map<string, Design>>();

function cachedDesign(s: ModelSpec, data: FitData, norm: Normalisation): Design {
  let byKey = designCache.get(data);
  if (!byKey) designCache.set(data, (byKey = new Map()));
  const key = `${s.id}|${norm.N0}|${norm.D0}|${norm.t0}|${norm.C0}|${data.m}`;
  let d = byKey.get(key);
  if (!d) byKey.set(key, (d = buildDesign(s, data, norm)));
  return d;
}

/**
 * A model by id (docs/method.md §2.3, §2.4): "1".."20"; "<k>+gammaT" (transformer-γ variant of model
 * k, not 13/17); "7+yeardummy<YYYY>" (year-dummy variant with split year); "irreducible". The
 * returned record carries the parameter names (§2.3 order) and bound `predict`/`mseGradient`
 * (designs are cached per data object, which must not be mutated afterwards; fitting code should
 * build a `Design` once with `buildDesign` instead).
 */
export function model(id: string): Model {
  const s = specOf(id);
  return {
    ...s,
    predict: (theta, data, norm, out) => predict(cachedDesign(s, data, norm), theta, out),
    mseGradient: (theta, data, norm, grad) => mseAndGradient(cachedDesign(s, data, norm), data.y, theta, grad),
  };
}

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
 * Build the design of `spec` on `data` with fixed normalisation constants (§2.5): n = ln(N/N0),
 * d = ln(D/D0), τ = t − t0, ln(C/C0) with C = 6ND. Model 20 uses effective data
 * D·(1 + R(1 − e^(−E/R))) with D0 of the raw D; model 19 needs a vocabulary on every row (impute
 * first, §5.11); models 14/15 use ln of the calendar year t.
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
  for (let i = 0; i < m; i++) {
    const D = spec.effectiveData ? data.D[i] * effectiveDataFactor(data.epoch[i]) : data.D[i];
    if (spec.needsVocab && !(data.vocab[i] > 0))
      throw new Error(`model ${spec.id}: row ${i} has no vocabulary size (impute it first, §5.11)`);
    const r: RowContext = {
      tau: data.t[i] - norm.t0,
      n: Math.log(data.N[i] / norm.N0),
      d: Math.log(D / norm.D0),
      P: data.P[i],
      W: data.W[i],
      T: data.T[i],
      lnT: Math.log(data.t[i]),
      lnV: spec.needsVocab ? Math.log(data.vocab[i]) : 0,
      lnC: Math.log((6 * data.N[i] * data.D[i]) / norm.C0),
      S: spec.splitYear !== undefined && data.year[i] >= spec.splitYear ? 1 : 0,
    };
    spec.terms.forEach((pieces, k) => {
      for (const [name, f] of pieces) terms[k][slot[k].get(index.get(name)!)! * m + i] += f(r);
    });
    if (additive) for (const [name, f] of spec.additive) additive[index.get(name)! * m + i] += f(r);
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
  return terms.map((X, k) =>
    Array.from(cols[k], (_, a) => {
      const rows: number[] = [];
      for (let i = 0; i < m; i++) if (X[a * m + i] !== 0) rows.push(i);
      return rows.length <= 0.6 * m ? Int32Array.from(rows) : null;
    }),
  );
}

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
    T: Float64Array.from(idx, (i) => d.T[i]),
    weight: Float64Array.from(idx, (i) => d.weight[i]),
  };
}

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

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

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

/** Predictions ŷ (ln perplexity) of the design at θ, written to `out`. Non-finite values are possible. */
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

/** Mean squared error alone (line searches need no gradient); +∞ when a prediction is not finite. */
export function mseValue(design: Design, y: ArrayLike<number>, theta: ArrayLike<number>): number {
  const w = workOf(design);
  return residuals(design, y, forward(design, theta, w), w);
}

/** ∂ŷ/∂θ for every row (m×p, row-major) at θ. */
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

/** The covariates of a single evaluation point (raw counts, fractional year t, dummies). */
export interface PointCovariates {
  N: number;
  D: number;
  t: number;
  P: 0 | 1;
  W: 0 | 1;
  T: 0 | 1;
  /** Calendar year (year-dummy split); default ⌊t⌋. */
  year?: number;
  /** Epochs (model 20); default 1. */
  epoch?: number;
  /** Vocabulary (model 19); default the §5.11 imputation for the benchmark. */
  vocab?: number;
}

/**
 * A fast evaluator of ŷ at single points for fixed θ and normalisation (the same formula as
 * `predict`, without building a design): for the one-dimensional searches of §5.2 and the
 * attribution analyses, which evaluate a fitted model at thousands of (N, D, t) points.
 */
export function pointEvaluator(
  spec: ModelSpec,
  theta: ArrayLike<number>,
  norm: Normalisation,
): (x: PointCovariates) => number {
  const index = new Map(spec.params.map((n, j) => [n, j]));
  const th = Float64Array.from(spec.params, (_, j) => theta[j]);
  const terms = spec.terms.map((pieces) => pieces.map(([n, f]) => [th[index.get(n)!], f] as const));
  const additive = spec.additive.map(([n, f]) => [th[index.get(n)!], f] as const);
  const sg = spec.gammaT ? sigmoid(th[index.get("gamma_T")!]) : 1;
  return (x) => {
    const D = spec.effectiveData ? x.D * effectiveDataFactor(x.epoch ?? 1) : x.D;
    const vocab = x.vocab ?? (x.P ? 10000 : x.W ? 33278 : 268000);
    const r: RowContext = {
      tau: x.t - norm.t0,
      n: Math.log(x.N / norm.N0),
      d: Math.log(D / norm.D0),
      P: x.P,
      W: x.W,
      T: x.T,
      lnT: Math.log(x.t),
      lnV: spec.needsVocab ? Math.log(vocab) : 0,
      lnC: Math.log((6 * x.N * x.D) / norm.C0),
      S: spec.splitYear !== undefined && (x.year ?? Math.floor(x.t)) >= spec.splitYear ? 1 : 0,
    };
    let b = 0;
    for (const pieces of terms) {
      let z = 0;
      for (const [c, f] of pieces) z += c * f(r);
      b += Math.exp(z);
    }
    for (const [c, f] of additive) b += c * f(r);
    return x.T === 1 ? sg * b : b;
  };
}

/**
 * Model 18 as the authors evaluated it (Quirk Q8, §2.3): C0 recomputed as min 6ND over the rows
 * being evaluated, so a single held-out row has ln(C/C0) = 0 and the compute term vanishes. Use
 * only to reproduce the printed cross-validation numbers (§6.5); `model("18")` uses the fixed C0.
 */
export function predictModel18AsPublished(
  theta: ArrayLike<number>,
  data: FitData,
  norm: Normalisation,
  out: Float64Array = new Float64Array(data.m),
): Float64Array {
  let C0 = Infinity;
  for (let i = 0; i < data.m; i++) C0 = Math.min(C0, 6 * data.N[i] * data.D[i]);
  return predict(buildDesign(specOf("18"), data, { ...norm, C0 }), theta, out);
}
