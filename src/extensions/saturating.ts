import { owlqn } from "../fit/optimizer.js";
import { Layout, Region } from "../fit/wasm-kernel.js";
import { mt19937 } from "../random/mt19937.js";
import { interval95 } from "../stats/percentile.js";
import { availableParallelism } from "node:os";
import { cachedResult } from "../util/result-cache.js";
import { liveWorkers, runPool, threadsFor } from "../util/workers.js";

/** Data for the saturating law: compute C (FLOP), ln perplexity y, date t. */
export interface SatPoint {
  C: number;
  y: number;
  t: number;
}

/**
 * Which saturating law is fitted (§7.1c): `timeTerm` false sets g = 0 (default true); `fixAlpha`
 * holds α at a value (a profile) instead of fitting it.
 */
export interface SatOptions {
  timeTerm?: boolean;
  fixAlpha?: number;
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
export function fitSaturating(pts: SatPoint[], opts: SatOptions = {}): SatFit {
  const timeTerm = opts.timeTerm ?? true;
  const m = pts.length;
  const { ymin, lc } = saturatingFrame(pts);
  const f = saturatingObjective(pts, opts);
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
  const u = unpack(best.th, opts.fixAlpha, timeTerm);
  return { E: ymin * u.s, a: u.a, alpha: u.alpha, g: u.g, sse: best.sse, converged: best.converged };
}

/**
 * The coordinates the saturating law is written in (§7.1c): the floor's scale ymin = min y (ln
 * perplexity), lc = ln(C/C0) with C0 = min C, and τ = t − min t (years), per point.
 *
 * @example
 * const frame = saturatingFrame([{ C: 1e18, y: 3, t: 2015 }, { C: 1e20, y: 2.5, t: 2019 }]);
 * frame.ymin; // → 2.5
 * frame.lc; // → [0, 4.605…] (ln 100)
 * frame.tau; // → [0, 4]
 */
export function saturatingFrame(pts: SatPoint[]): { ymin: number; lc: number[]; tau: number[] } {
  const C0 = Math.min(...pts.map((p) => p.C));
  const t0 = Math.min(...pts.map((p) => p.t));
  return {
    ymin: Math.min(...pts.map((p) => p.y)),
    lc: pts.map((p) => Math.log(p.C / C0)),
    tau: pts.map((p) => p.t - t0),
  };
}

/** (s, a, α, g) of θ = (e, a, u, g): s = σ(e), α = exp(u) unless held at `fixAlpha`, g = 0 without a time term. */
function unpack(th: Float64Array, fixAlpha: number | undefined, timeTerm: boolean) {
  return {
    s: 1 / (1 + Math.exp(-th[0])),
    a: th[1],
    alpha: fixAlpha ?? Math.exp(th[2]),
    g: timeTerm ? th[3] : 0,
  };
}

/**
 * The least-squares objective `fitSaturating` minimises (§7.1c): at θ = (e, a, u, g), the sum of
 * squared residuals of y = min(y)·σ(e) + exp(a − α·ln(C/C0) − g·τ), α = exp(u) (or `fixAlpha`),
 * τ = t − min t, and its gradient written to `grad` (4 entries; the held α's and an absent time
 * term's are 0); +∞ where the sum is not finite. The rows run in the WebAssembly kernel
 * (wasm/saturating.ts, which says why), on the columns laid out once in a region of the thread's
 * kernel memory.
 *
 * @example
 * const f = saturatingObjective([{ C: 1e18, y: 3, t: 2015 }, { C: 1e20, y: 2.5, t: 2019 }]);
 * const grad = new Float64Array(4);
 * f(Float64Array.of(-6, 1, Math.log(0.1), 0), grad); // SSE in (ln perplexity)²; grad now holds ∂SSE/∂θ
 */
export function saturatingObjective(
  pts: SatPoint[],
  opts: SatOptions = {},
): (th: Float64Array, grad: Float64Array) => number {
  const timeTerm = opts.timeTerm ?? true;
  const m = pts.length;
  const { ymin, lc, tau } = saturatingFrame(pts);
  const L = new Layout();
  const at = { lc: L.f64(m), tau: L.f64(m), y: L.f64(m), z: L.f64(m), ez: L.f64(m), grad: L.f64(4) };
  const region = new Region(L.bytes, (k) => {
    k.f64.set(lc, at.lc / 8);
    k.f64.set(tau, at.tau / 8);
    k.f64.set(
      pts.map((p) => p.y),
      at.y / 8,
    );
  });
  const withAlpha = opts.fixAlpha === undefined;
  return (th, grad) => {
    const k = region.enter();
    const { s, a, alpha, g } = unpack(th, opts.fixAlpha, timeTerm);
    const sse = k.fn.saturatingLoss(
      at.lc,
      at.tau,
      at.y,
      at.z,
      at.ez,
      at.grad,
      m,
      s,
      ymin,
      a,
      alpha,
      g,
      withAlpha,
      timeTerm,
    );
    grad.set(k.f64.subarray(at.grad / 8, at.grad / 8 + 4));
    return Number.isFinite(sse) ? sse : Infinity;
  };
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
 * Bootstrap (rows, seeded) of the saturating law's α and E: the resamples drawn from one stream up
 * front, their fits (twenty starts each, some 20 ms) in this thread or, when the projected work
 * pays for starting them (`threadsFor`, from the first fit's time), on worker threads; the same
 * intervals either way. `timeTerm` (default true) keeps the law's time control; `onProgress`
 * hears (replicates done, B) as fits end. Reused from the result cache where one is set
 * (docs/method.md §11).
 *
 * @example
 * const wt103 = loadEvaluations("data/lm_evaluations.csv").full.filter((r) => r.benchmark === "wt103");
 * const pts = wt103.map((r) => ({ C: 6 * r.param * r.dataset, y: Math.log(r.pplOwn), t: r.t }));
 * await bootstrapSaturating(pts, 5, 0); // { alpha, E, failed }: 95 % intervals of α and E (B = 5 here, for speed)
 */
export async function bootstrapSaturating(
  pts: SatPoint[],
  B: number,
  seed: number,
  o: { timeTerm?: boolean; threads?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ alpha: ReturnType<typeof interval95>; E: ReturnType<typeof interval95>; failed: number }> {
  const timeTerm = o.timeTerm ?? true;
  let computed = false;
  const result = await cachedResult("saturating-bootstrap", [pts, B, seed, timeTerm], async () => {
    computed = true;
    const rng = mt19937(seed);
    const indices = Array.from({ length: B }, () => Uint32Array.from(pts, () => rng.interval(pts.length - 1)));
    const fits: SatFit[] = [];
    const fitted = () => o.onProgress?.(fits.length, B);
    const t0 = performance.now();
    if (B > 0) fits.push(resampleFit(pts, indices[0], timeTerm));
    fitted();
    const rest = ((B - 1) * (performance.now() - t0)) / 1000;
    const n = Math.min(Math.max(B - 1, 1), o.threads ?? threadsFor(rest, availableParallelism(), liveWorkers()));
    if (n <= 1)
      for (let r = 1; r < B; r++) {
        fits.push(resampleFit(pts, indices[r], timeTerm));
        fitted();
      }
    else
      fits.push(
        ...(await runPool<SatFit>(
          import.meta.url,
          "saturating-worker",
          B - 1,
          n,
          { pts, indices: indices.slice(1), timeTerm },
          { onProgress: (k) => o.onProgress?.(1 + k, B) },
        )),
      );
    const ok = fits.filter((f) => Number.isFinite(f.sse));
    return {
      alpha: interval95(ok.map((f) => f.alpha)),
      E: interval95(ok.map((f) => f.E)),
      failed: fits.length - ok.length,
    };
  });
  if (!computed) o.onProgress?.(B, B);
  return result;
}

/** `fitSaturating` on the resample of `pts` at `idx` (a bootstrap replicate). */
export function resampleFit(pts: SatPoint[], idx: Uint32Array, timeTerm: boolean): SatFit {
  return fitSaturating(
    Array.from(idx, (i) => pts[i]),
    { timeTerm },
  );
}
