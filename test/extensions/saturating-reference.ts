import { type SatOptions, type SatPoint, saturatingFrame } from "../../src/extensions/saturating.js";

/**
 * The saturating law's objective as JavaScript computed it before it moved to the kernel
 * (wasm/saturating.ts): the sum of squared residuals of y = ymin·σ(e) + exp(a − α·ln(C/C0) − g·τ)
 * and its gradient in (e, a, u, g), α = exp(u) unless held at `fixAlpha`, g = 0 without
 * `timeTerm`. The tests compare the kernel's doubles with these, bit for bit.
 */
export function saturatingObjectiveReference(
  pts: SatPoint[],
  opts: SatOptions = {},
): (th: Float64Array, grad: Float64Array) => number {
  const timeTerm = opts.timeTerm ?? true;
  const m = pts.length;
  const { ymin, lc, tau } = saturatingFrame(pts);
  return (th, grad) => {
    const s = 1 / (1 + Math.exp(-th[0]));
    const a = th[1];
    const alpha = opts.fixAlpha ?? Math.exp(th[2]);
    const g = timeTerm ? th[3] : 0;
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
}
