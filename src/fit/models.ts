import { type FitData, type Normalisation, benchmarkVocabulary, effectiveDataFactor } from "./data.js";
import { buildDesign, type Design } from "./design.js";
import { mseAndGradient, predict, sigmoid } from "./evaluate.js";
import { type Model, type ModelSpec, type RowContext, specOf } from "./model-family.js";
import { frozen } from "../util/frozen.js";

export { type Design, buildDesign, subsetDesign } from "./design.js";
export { jacobian, mseAndGradient, mseGradHess, mseValue, predict, quadraticFormGradient } from "./evaluate.js";
export { MODEL_IDS, type Model, type ModelSpec } from "./model-family.js";

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
 *
 * @example
 * const m7 = model("7");
 * m7; // → { id: "7", family: "two-term", gammaT: false }
 * m7.params.length; // → 10
 * m7.predict(theta, data, norm)[0]; // → 2.9527
 */
export function model(id: string): Model {
  let m = models.get(id);
  if (!m) {
    const s = specOf(id);
    m = frozen({
      ...s,
      predict: (theta, data, norm, out) => predict(cachedDesign(s, data, norm), theta, out),
      mseGradient: (theta, data, norm, grad) => mseAndGradient(cachedDesign(s, data, norm), data.y, theta, grad),
    });
    models.set(id, m);
  }
  return m;
}

/**
 * Models made so far, by id: a bootstrap asks for its model's record once per replicate (doubling
 * times), and building one binds its feature functions again (about 50 µs). Each record is frozen,
 * arrays included, so a caller that changed one would throw instead of changing every later call's.
 */
const models = new Map<string, Model>();

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
  // One context, overwritten at each point (the searches call this thousands of times per fit).
  const r: RowContext = { tau: 0, n: 0, d: 0, P: 0, W: 0, T: 0, lnT: 0, lnV: 0, lnC: 0, S: 0 };
  return (x) => {
    const D = spec.effectiveData ? x.D * effectiveDataFactor(x.epoch ?? 1) : x.D;
    const vocab = x.vocab ?? benchmarkVocabulary(x.P, x.W);
    r.tau = x.t - norm.t0;
    r.n = Math.log(x.N / norm.N0);
    r.d = Math.log(D / norm.D0);
    r.P = x.P;
    r.W = x.W;
    r.T = x.T;
    r.lnT = Math.log(x.t);
    r.lnV = spec.needsVocab ? Math.log(vocab) : 0;
    r.lnC = Math.log((6 * x.N * x.D) / norm.C0);
    r.S = spec.splitYear !== undefined && (x.year ?? Math.floor(x.t)) >= spec.splitYear ? 1 : 0;
    let b = 0;
    for (let k = 0; k < terms.length; k++) {
      const pieces = terms[k];
      let z = 0;
      for (let q = 0; q < pieces.length; q++) z += pieces[q][0] * pieces[q][1](r);
      b += Math.exp(z);
    }
    for (let q = 0; q < additive.length; q++) b += additive[q][0] * additive[q][1](r);
    return x.T === 1 ? sg * b : b;
  };
}

/**
 * Model 18 as the authors evaluated it (docs/method.md Q8, §2.3): C0 recomputed as min 6ND over the rows
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
