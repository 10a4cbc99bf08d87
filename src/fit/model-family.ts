import type { FitData, Normalisation } from "./data.js";
import { frozen } from "../util/frozen.js";

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
export interface RowContext {
  /** τ = t − t0 (years). */
  tau: number;
  /** n = ln(N/N0). */
  n: number;
  /** d = ln(D/D0); effective data for model 20 with D0 of the raw D (§2.5). */
  d: number;
  P: number;
  W: number;
  T: number;
  /** ln of the calendar fractional year t (models 14/15, docs/method.md Q7), not of τ. */
  lnT: number;
  /** ln vocabulary (model 19). */
  lnV: number;
  /** ln(6ND/C0) (model 18), C0 fixed by the normalisation (docs/method.md Q8 corrected). */
  lnC: number;
  /** Year-dummy indicator S = [calendar year ≥ split year] (§2.4). */
  S: number;
}

export type Feature = (r: RowContext) => number;
/** A parameter name with the feature it multiplies. */
export type Piece = [name: string, feature: Feature];

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
export const MODEL_IDS = frozen(Object.keys(NUMBERED));

/** The unbound specification of a model id (see `model`). */
export function specOf(id: string): ModelSpec {
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
