import assert from "node:assert/strict";
import { it } from "node:test";
import { alphaProfile, bootstrapSaturating, fitSaturating, resampleFit } from "../../src/extensions/saturating.js";
import { mt19937 } from "../../src/random/mt19937.js";

it(
  "recovers a saturating law with a time trend from noiseless data, and its α-profile has its minimum at the " +
    "truth",
  () => {
    const g = mt19937(4);
    const truth = { E: 1.2, a: 1.5, alpha: 0.1, g: 0.05 };
    const pts = Array.from({ length: 120 }, () => {
      const C = 10 ** (15 + 9 * g.random());
      const t = 2012 + 11 * g.random();
      return { C, t, y: 0 };
    });
    const C0 = Math.min(...pts.map((p) => p.C));
    const t0 = Math.min(...pts.map((p) => p.t));
    for (const p of pts) p.y = truth.E + Math.exp(truth.a - truth.alpha * Math.log(p.C / C0) - truth.g * (p.t - t0));
    const f = fitSaturating(pts);
    assert.ok(Math.abs(f.alpha - truth.alpha) < 1e-3, `α ${f.alpha}`);
    assert.ok(Math.abs(f.E - truth.E) < 1e-2, `E ${f.E}`);
    assert.ok(Math.abs(f.g - truth.g) < 1e-3, `g ${f.g}`);
    const prof = alphaProfile(pts, [0.05, 0.1, 0.2]);
    assert.ok(prof[1].sse < prof[0].sse && prof[1].sse < prof[2].sse);
  },
);

it("bootstraps the saturating law alike in this thread and on two worker threads, from one seeded stream", async () => {
  const g = mt19937(7);
  const pts = Array.from({ length: 40 }, () => {
    const C = 10 ** (15 + 9 * g.random());
    const t = 2012 + 11 * g.random();
    return { C, t, y: 1.2 + Math.exp(1.5 - 0.1 * Math.log(C / 1e15) - 0.05 * (t - 2012)) + 0.02 * g.normal() };
  });
  const one = await bootstrapSaturating(pts, 6, 5, true, 1);
  assert.deepEqual(await bootstrapSaturating(pts, 6, 5, true, 2), one);
  // Replicate 1 is the fit to the stream's first 40 draws.
  const rng = mt19937(5);
  const first = resampleFit(
    pts,
    Uint32Array.from(pts, () => rng.interval(39)),
    true,
  );
  assert.ok(one.failed === 0 && first.alpha >= one.alpha.p2_5 && first.alpha <= one.alpha.p97_5);
});
