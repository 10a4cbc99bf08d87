import { type FitData, type Normalisation, benchmarkVocabulary } from "../fit/data.js";
import { buildDesign, model } from "../fit/models.js";
import { oneAtATimeValues, shapleyValues } from "./shapley.js";

/** A system as a Shapley endpoint: size, data, date, benchmark and architecture. */
export interface Endpoint {
  N: number;
  D: number;
  t: number;
  ptb: 0 | 1;
  wt2: 0 | 1;
  transformer: 0 | 1;
}

function row(p: Endpoint, t: number, T: 0 | 1): FitData {
  const one = (v: number) => Float64Array.of(v);
  return {
    m: 1,
    y: one(0),
    N: one(p.N),
    D: one(p.D),
    t: one(t),
    P: one(p.ptb),
    W: one(p.wt2),
    T: one(T),
    year: one(Math.floor(t)),
    epoch: one(1),
    vocab: one(benchmarkVocabulary(p.ptb, p.wt2)),
    cluster: Int32Array.of(0),
  };
}

/**
 * Prediction of any model with the parameter term evaluated at date tA and the data term at tB
 * (docs/method.md §5.5): each exponential term k of the model takes its features from a row dated
 * [tA, tB][k]. For single-term models (18) tB has no effect.
 */
export function predictSplitDates(
  modelId: string,
  theta: ArrayLike<number>,
  norm: Normalisation,
  at: Endpoint,
  tA: number,
  tB: number,
  T: 0 | 1 = at.transformer,
): number {
  const spec = model(modelId);
  const designs = [buildDesign(spec, row(at, tA, T), norm), buildDesign(spec, row(at, tB, T), norm)];
  let s = 0;
  designs[0].terms.forEach((_, k) => {
    const d = designs[Math.min(k, 1)];
    const X = d.terms[k];
    const c = d.cols[k];
    let z = 0;
    for (let a = 0; a < c.length; a++) z += X[a] * theta[c[a]];
    s += Math.exp(z);
  });
  const d0 = designs[0];
  // The transformer factor multiplies the whole wrapped prediction, additive part included (§2.4).
  if (d0.additive) for (let j = 0; j < d0.p; j++) s += d0.additive[j] * theta[j];
  if (d0.gammaIndex >= 0 && T === 1) s /= 1 + Math.exp(-theta[d0.gammaIndex]);
  return s;
}

/**
 * Shapley decomposition of ŷ(later) − ŷ(earlier) for any fitted model (§5.5): players N, D,
 * parameter efficiency (tA), data efficiency (tB), and — when `withArchitecture` — the transformer
 * flag T. Benchmark dummies stay at the earlier system's. `method` "as-published" gives the
 * authors' one-at-a-time values for comparison (docs/method.md Q11).
 *
 * @example
 * const [, lstm, , , gpt2] = REFERENCE_SYSTEMS;
 * decomposeModel("7", theta, norm, lstm, gpt2); // { phi, shares, total }: shares of N, D, tA, tB sum to 1
 * const fit13 = fitModel("13", data, norm, { estimator: "faithful", delta: 0.0025 });
 * decomposeModel("13", fit13.theta, norm, lstm, gpt2, { withArchitecture: true }).shares; // T is a fifth player
 */
export function decomposeModel(
  modelId: string,
  theta: ArrayLike<number>,
  norm: Normalisation,
  from: Endpoint,
  to: Endpoint,
  opts: { withArchitecture?: boolean; method?: "shapley" | "as-published" } = {},
): { phi: number[]; shares: number[]; total: number } {
  const k = opts.withArchitecture ? 5 : 4;
  const v = (s: number) => {
    const at: Endpoint = { ...from, N: s & 1 ? to.N : from.N, D: s & 2 ? to.D : from.D };
    const T = opts.withArchitecture ? (s & 16 ? to.transformer : from.transformer) : from.transformer;
    return predictSplitDates(modelId, theta, norm, at, s & 4 ? to.t : from.t, s & 8 ? to.t : from.t, T);
  };
  const phi = opts.method === "as-published" ? oneAtATimeValues(v, k) : shapleyValues(v, k);
  const total = v((1 << k) - 1) - v(0);
  return { phi, shares: phi.map((x) => x / total), total };
}
