import { owlqn } from "../fit/optimizer.js";
import { mt19937 } from "../random/mt19937.js";
import { interval95 } from "../stats/percentile.js";
import { cachedResultSync } from "../util/result-cache.js";

/** Data for the saturating law: compute C (FLOP), ln perplexity y, date t. */
export interface SatPoint {
  C: number;
  y: number;
  t: number;
}

/** A fitted saturating law y = E + exp(a − α·ln(C/C0) − g·τ) (docs/method.md §7.1c). */
export interface SatFit {
  E: number;
  a: number;
  alpha: number;
  g: number;
  sse: number;
  converged: boolean;
}

/**
 * Least-squares fit of y = E + exp(a − α·ln(C/C0) − g·τ) with 0 ≤ E < min y and α > 0 through
 * E = min(y)·σ(e), α = exp(u) (§7.1c), multi-start over α ∈ {0.02, 0.05, 0.1, 0.2, 0.4} ×
 * E/min y ∈ {0, 0.3, 0.6, 0.9}. `fixAlpha` holds α at a value (profile); `timeTerm` false sets g = 0.
 *
 * @example
 * const wt103 = loadEvaluations("data/lm_evaluations.csv").full.filter((r) => r.benchmark === "wt103");
 * const pts = wt103.map((r) => ({ C: 6 * r.param * r.dataset, y: Math.log(r.pplOwn), t: r.t }));
 * fitSaturating(pts); // { E, a, alpha, g, sse, converged }: floor E in ln perplexity, time trend g per year
 */
export function fitSaturating(pts: SatPoint[], opts: { timeTerm?: boolean; fixAlpha?: number } = {}): SatFit {
  const timeTerm = opts.timeTerm ?? true;
  const m = pts.length;
  const ymin = Math.min(...pts.map((p) => p.y));
  const C0 = Math.min(...pts.map((p) => p.C));
  const t0 = Math.min(...pts.map((p) => p.t));
  const lc = pts.map((p) => Math.log(p.C / C0));
  const tau = pts.map((p) => p.t - t0);
  // θ = (e, a, u, g); σ(e) with e = logit of E/ymin.
  const unpack = (th: Float64Array) => ({
    s: 1 / (1 + Math.exp(-th[0])),
    a: th[1],
    alpha: opts.fixAlpha ?? Math.exp(th[2]),
    g: timeTerm ? th[3] : 0,
  });
  const f = (th: Float64Array, grad: Float64Array) => {
    const { s, a, alpha, g } = unpack(th);
    grad.fill(0);
    let sse = 0;
    for (let i = 0; i < m; i++) {
      const ez = Math.exp(a - alpha * lc[i] - g * tau[i]);
      const r = pts[i].y - ymin * s - ez;
      sse += r * r;
      grad[0] += -2 * r * ymin * s * (1 - s);
      grad[1] += -2 * r * ez;
      if (opts.fixAlpha === undefined) grad[2] += 2 * r * ez * lc[i] * alpha;
      if (timeTerm) grad[3] += 2 * r * ez * tau[i];
    }
    return Number.isFinite(sse) ? sse : Infinity;
  };
  let best: { th: Float64Array; sse: number; converged: boolean } | null = null;
  for (const alpha0 of opts.fixAlpha !== undefined ? [opts.fixAlpha] : [0.02, 0.05, 0.1, 0.2, 0.4]) {
    for (const e0 of [0, 0.3, 0.6, 0.9]) {
      const eLogit = e0 === 0 ? -6 : Math.log(e0 / (1 - e0));
      // Start a so that the curve passes through the mean of y − E at the mean ln C.
      const meanY = pts.reduce((s, p) => s + p.y, 0) / m;
      const meanLc = lc.reduce((s, x) => s + x, 0) / m;
      const a0 = Math.log(Math.max(meanY - e0 * ymin, 1e-3)) + alpha0 * meanLc;
      const r = owlqn(f, Float64Array.of(eLogit, a0, Math.log(alpha0), 0), new Float64Array(4), {
        tol: 1e-9,
        maxIter: 3000,
      });
      if (Number.isFinite(r.objective) && (!best || r.objective < best.sse))
        best = { th: r.theta, sse: r.objective, converged: r.converged };
    }
  }
  if (!best) return { E: NaN, a: NaN, alpha: NaN, g: NaN, sse: Infinity, converged: false };
  const u = unpack(best.th);
  return { E: ymin * u.s, a: u.a, alpha: u.alpha, g: u.g, sse: best.sse, converged: best.converged };
}

/**
 * SSE profile over a grid of α (other parameters re-optimised): flat profiles show α is not identified (§7.1c).
 *
 * @example
 * const wt103 = loadEvaluations("data/lm_evaluations.csv").full.filter((r) => r.benchmark === "wt103");
 * const pts = wt103.map((r) => ({ C: 6 * r.param * r.dataset, y: Math.log(r.pplOwn), t: r.t }));
 * alphaProfile(pts, [0.05, 0.1, 0.2]); // [{ alpha: 0.05, sse }, …]: nearly equal SSEs mean α is not identified
 */
export function alphaProfile(pts: SatPoint[], alphas: number[], timeTerm = true): { alpha: number; sse: number }[] {
  return alphas.map((alpha) => ({ alpha, sse: fitSaturating(pts, { timeTerm, fixAlpha: alpha }).sse }));
}

/**
 * Bootstrap (rows, seeded) of the saturating law's α and E; reused from the result cache where one
 * is set (docs/method.md §11).
 *
 * @example
 * const wt103 = loadEvaluations("data/lm_evaluations.csv").full.filter((r) => r.benchmark === "wt103");
 * const pts = wt103.map((r) => ({ C: 6 * r.param * r.dataset, y: Math.log(r.pplOwn), t: r.t }));
 * bootstrapSaturating(pts, 5, 0); // { alpha, E, failed }: 95 % intervals of α and E (B = 5 here, for speed)
 */
export function bootstrapSaturating(
  pts: SatPoint[],
  B: number,
  seed: number,
  timeTerm = true,
): { alpha: ReturnType<typeof interval95>; E: ReturnType<typeof interval95>; failed: number } {
  // Twenty multi-start fits per replicate: kept in the result cache where one is set (§11).
  return cachedResultSync("saturating-bootstrap", [pts, B, seed, timeTerm], () => {
    const rng = mt19937(seed);
    const alpha: number[] = [];
    const E: number[] = [];
    let failed = 0;
    for (let r = 0; r < B; r++) {
      const sample = Array.from({ length: pts.length }, () => pts[rng.interval(pts.length - 1)]);
      const f = fitSaturating(sample, { timeTerm });
      if (!Number.isFinite(f.sse)) failed++;
      else {
        alpha.push(f.alpha);
        E.push(f.E);
      }
    }
    return { alpha: interval95(alpha), E: interval95(E), failed };
  });
}
