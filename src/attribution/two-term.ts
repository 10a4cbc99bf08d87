import { median } from "simple-statistics";
import { referencePairs } from "./reference-systems.js";
import { oneAtATimeValues, shapleyValues } from "./shapley.js";

/**
 * A model-7-type law in absolute form (docs/method.md §2.1 with the normalisation folded into the
 * intercepts): ŷ = exp(a − aYear·tA − aParam·ln N) + exp(b − bYear·tB − bData·ln D), where the
 * intercepts a, b already include the benchmark shift. Two dates, tA for the parameter term and
 * tB for the data term, let parameter and data efficiency be Shapley players (§5.5).
 */
export interface TwoTermLaw {
  a: number;
  aYear: number;
  aParam: number;
  b: number;
  bYear: number;
  bData: number;
}

/** Predicted log-perplexity of a two-term law (nats/token). */
export function predictTwoTerm(c: TwoTermLaw, N: number, D: number, tA: number, tB: number = tA): number {
  return Math.exp(c.a - c.aYear * tA - c.aParam * Math.log(N)) + Math.exp(c.b - c.bYear * tB - c.bData * Math.log(D));
}

/**
 * Fold fitted model-7 parameters (§2.3 names) and normalisation constants into absolute form:
 * a = α_const(b) + α_year·t0 + α_param·ln N0, b = β_const(b) + β_year·t0 + β_data·ln D0.
 *
 * @example
 * const law = absoluteModel7(namedParams(fit), norm); // { a, aYear, aParam, b, bYear, bData } on WikiText-103
 * const ptb = absoluteModel7(namedParams(fit), norm, { ptb: 1, wt2: 0 }); // Penn Treebank: other intercepts
 */
export function absoluteModel7(
  p: Record<string, number>,
  norm: { N0: number; D0: number; t0: number },
  bench: { ptb: 0 | 1; wt2: 0 | 1 } = { ptb: 0, wt2: 0 },
): TwoTermLaw {
  const shift = (k: string) => p[k] + (p[`${k}_ptb`] ?? 0) * bench.ptb + (p[`${k}_wt2`] ?? 0) * bench.wt2;
  return {
    a: shift("alpha_const") + p.alpha_year * norm.t0 + p.alpha_param * Math.log(norm.N0),
    aYear: p.alpha_year,
    aParam: p.alpha_param,
    b: shift("beta_const") + p.beta_year * norm.t0 + p.beta_data * Math.log(norm.D0),
    bYear: p.beta_year,
    bData: p.beta_data,
  };
}

/** Shapley decomposition of the predicted change between two systems (§5.5). */
export interface Decomposition {
  /** Predicted log-perplexity of the earlier and the later system. */
  yFrom: number;
  yTo: number;
  /** Shapley values of parameter scaling, data scaling, parameter efficiency, data efficiency. */
  phi: [number, number, number, number];
  /** φ / (yTo − yFrom); sums to 1. */
  shares: [number, number, number, number];
  /** share(N) + share(D). */
  computeShare: number;
  /** Reduction in predicted perplexity exp(yFrom) − exp(yTo). */
  perplexityReduction: number;
}

/**
 * Exact Shapley decomposition (all 4! orderings) of ŷ(later) − ŷ(earlier) into parameter scaling
 * (N), data scaling (D), parameter efficiency (tA) and data efficiency (tB), docs/method.md §5.5.
 *
 * @example
 * const [rnn, lstm] = REFERENCE_SYSTEMS;
 * const d = decompose(absoluteModel7(namedParams(fit), norm), rnn, lstm);
 * d.shares; // parameter scaling, data scaling, parameter and data efficiency; they sum to 1
 */
export function decompose(
  law: TwoTermLaw,
  from: { N: number; D: number; t: number },
  to: { N: number; D: number; t: number },
): Decomposition {
  const v = (s: number) =>
    predictTwoTerm(law, s & 1 ? to.N : from.N, s & 2 ? to.D : from.D, s & 4 ? to.t : from.t, s & 8 ? to.t : from.t);
  const phi = shapleyValues(v, 4) as [number, number, number, number];
  const yFrom = v(0);
  const yTo = v(15);
  const sh = phi.map((p) => p / (yTo - yFrom)) as [number, number, number, number];
  return {
    yFrom,
    yTo,
    phi,
    shares: sh,
    computeShare: sh[0] + sh[1],
    perplexityReduction: Math.exp(yFrom) - Math.exp(yTo),
  };
}

/**
 * Solve the two intercepts of a two-term law from known predictions at known (N, D, t), given
 * the four slopes: ŷ_i = e^a·u_i + e^b·w_i is linear in (e^a, e^b), so this is a 2×2 least-squares
 * problem. Used to check the formulas against published predictions whose normalisation
 * constants were never printed (§8 P2). Dates are centred at `tRef` for conditioning; the returned
 * intercepts are for uncentred dates.
 *
 * @example
 * // The published model 7 (slopes printed, intercepts not) from its printed reference predictions
 * const { alpha_year: aYear, alpha_param: aParam, beta_year: bYear, beta_data: bData } = published.M7;
 * const points = REFERENCE_SYSTEMS.map((s) => ({ N: s.N, D: s.D, t: s.t, y: published.P2[s.label] }));
 * solveIntercepts({ aYear, aParam, bYear, bData }, points); // → { a: 9.82, b: 73.00 }
 */
export function solveIntercepts(
  slopes: Omit<TwoTermLaw, "a" | "b">,
  points: { N: number; D: number; t: number; y: number }[],
  tRef = 2012,
): TwoTermLaw {
  let suu = 0,
    suw = 0,
    sww = 0,
    suy = 0,
    swy = 0;
  for (const p of points) {
    const u = Math.exp(-slopes.aYear * (p.t - tRef) - slopes.aParam * Math.log(p.N));
    const w = Math.exp(-slopes.bYear * (p.t - tRef) - slopes.bData * Math.log(p.D));
    suu += u * u;
    suw += u * w;
    sww += w * w;
    suy += u * p.y;
    swy += w * p.y;
  }
  const det = suu * sww - suw * suw;
  const A = (suy * sww - swy * suw) / det;
  const B = (swy * suu - suy * suw) / det;
  if (!(A > 0 && B > 0)) throw new Error("solveIntercepts: the least-squares coefficients are not positive");
  return { ...slopes, a: Math.log(A) + slopes.aYear * tRef, b: Math.log(B) + slopes.bYear * tRef };
}

/**
 * Model 13 in absolute form (architecture-specific exponents, §2.3): the parameter and data
 * exponents switch with T, so T is a fifth Shapley player (§5.5).
 *
 * @example
 * const fit13 = fitModel("13", data, norm, { estimator: "faithful", delta: 0.0025 });
 * const lawOf = absoluteModel13(namedParams(fit13), norm);
 * lawOf(1).aParam; // the transformer's parameter exponent, alpha_param_t; lawOf(0) has alpha_param
 */
export function absoluteModel13(
  p: Record<string, number>,
  norm: { N0: number; D0: number; t0: number },
): (T: 0 | 1) => TwoTermLaw {
  return (T) => {
    const aParam = T ? p.alpha_param_t : p.alpha_param;
    const bData = T ? p.beta_data_t : p.beta_data;
    return {
      a: p.alpha_const + p.alpha_year * norm.t0 + aParam * Math.log(norm.N0),
      aYear: p.alpha_year,
      aParam,
      b: p.beta_const + p.beta_year * norm.t0 + bData * Math.log(norm.D0),
      bYear: p.beta_year,
      bData,
    };
  };
}

/**
 * Shapley decomposition with the architecture as a fifth player (model 13, §5.5): players N, D,
 * parameter efficiency, data efficiency, T. `method` "shapley" averages over all 5! orderings;
 * "as-published" reproduces docs/method.md Q11 (one-at-a-time deviations from the earlier system, which need
 * not sum to the total).
 */
export function decomposeWithArchitecture(
  lawOf: (T: 0 | 1) => TwoTermLaw,
  from: { N: number; D: number; t: number; transformer: 0 | 1 },
  to: { N: number; D: number; t: number; transformer: 0 | 1 },
  method: "shapley" | "as-published" = "shapley",
): { phi: number[]; shares: number[]; total: number } {
  const v = (s: number) =>
    predictTwoTerm(
      lawOf(s & 16 ? to.transformer : from.transformer),
      s & 1 ? to.N : from.N,
      s & 2 ? to.D : from.D,
      s & 4 ? to.t : from.t,
      s & 8 ? to.t : from.t,
    );
  const phi = method === "shapley" ? shapleyValues(v, 5) : oneAtATimeValues(v, 5);
  const total = v(31) - v(0);
  return { phi, shares: phi.map((x) => x / total), total };
}

/**
 * Summary of compute shares across reference pairs whose predicted perplexity falls by more than
 * one point (the pairs the authors' "60–95 %" describes, §8 P4): median, min and max.
 *
 * @example
 * const s = computeShareSummary(absoluteModel7(namedParams(fit), norm));
 * // e.g. { median: 0.87, min: 0.59, max: 0.99, pairs: 32 }: compute's share of the change, over 32 pairs
 */
export function computeShareSummary(law: TwoTermLaw): { median: number; min: number; max: number; pairs: number } {
  const shares = referencePairs()
    .map(([a, b]) => decompose(law, a, b))
    .filter((d) => d.perplexityReduction > 1)
    .map((d) => d.computeShare)
    .sort((x, y) => x - y);
  return {
    median: shares.length ? median(shares) : NaN,
    min: shares[0],
    max: shares[shares.length - 1],
    pairs: shares.length,
  };
}
