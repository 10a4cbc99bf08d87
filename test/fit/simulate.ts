/**
 * Simulated data for the estimation tests: rows drawn from model 7 (or any model) with known
 * parameters, deterministic for a seed.
 */
import type { FitData } from "../../src/fit/data.js";
import { normalisationOf } from "../../src/fit/data.js";
import { buildDesign, model, predict } from "../../src/fit/models.js";
import { mt19937 } from "../../src/random/mt19937.js";

/** Model-7 parameters close to the published fit (§8 M7), used as ground truth. */
export const TRUTH7 = [0.9127, 0.05, 0.0554, 0.0394, 0.068, 0.7714, 0.1764, 0.0954, 0.0356, 0.0396];

/** m rows with dates 2012–2023, N and D growing over time, benchmarks mixed, noise sd `sigma`. */
export function simulate(
  m: number,
  seed: number,
  opts: { theta?: number[]; modelId?: string; sigma?: number } = {},
): FitData {
  const g = mt19937(seed);
  const t = new Float64Array(m),
    N = new Float64Array(m),
    D = new Float64Array(m);
  const P = new Float64Array(m),
    W = new Float64Array(m),
    T = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    t[i] = 2012 + 11 * g.random();
    N[i] = Math.exp(15 + 1.0 * (t[i] - 2012) + 1.5 * g.normal());
    D[i] = Math.exp(14 + 1.0 * (t[i] - 2012) + 1.5 * g.normal());
    const b = g.interval(2);
    P[i] = b === 1 ? 1 : 0;
    W[i] = b === 2 ? 1 : 0;
    T[i] = t[i] > 2017.5 ? 1 : 0;
  }
  const data: FitData = {
    m,
    y: new Float64Array(m),
    N,
    D,
    t,
    P,
    W,
    T,
    year: Float64Array.from(t, Math.floor),
    epoch: Float64Array.from(t, () => 1 + g.interval(9)),
    vocab: Float64Array.from(P, (p, i) => (p ? 1e4 : W[i] ? 33278 : 267735)),
    cluster: Int32Array.from({ length: m }, (_, i) => Math.floor(i / 3)),
  };
  const design = buildDesign(model(opts.modelId ?? "7"), data, normalisationOf(data));
  const yhat = predict(design, opts.theta ?? TRUTH7);
  const sigma = opts.sigma ?? 0.1;
  for (let i = 0; i < m; i++) data.y[i] = yhat[i] + sigma * g.normal();
  return data;
}
