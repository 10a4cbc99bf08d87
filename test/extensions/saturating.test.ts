import assert from "node:assert/strict";
import { it } from "node:test";
import {
  type SatPoint,
  alphaProfile,
  bootstrapSaturating,
  fitSaturating,
  resampleFit,
  saturatingFrame,
  saturatingObjective,
} from "../../src/extensions/saturating.js";
import { mt19937 } from "../../src/random/mt19937.js";
import { saturatingObjectiveReference } from "./saturating-reference.js";

it("writes the law in ln(C/C0) and years since the first point, with the floor scaled by the lowest y", () => {
  // Hand-computed: C0 = 1e18 (the smallest C), t0 = 2015, ymin = 2.5 whatever the points' order.
  const frame = saturatingFrame([
    { C: 1e20, y: 2.5, t: 2019 },
    { C: 1e18, y: 3, t: 2015 },
    { C: 1e19, y: 2.75, t: 2016.5 },
  ]);
  assert.equal(frame.ymin, 2.5);
  assert.deepEqual(frame.tau, [4, 0, 1.5]);
  assert.deepEqual(frame.lc, [Math.log(100), 0, Math.log(10)]);
});

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
  const heard: number[][] = [];
  const one = await bootstrapSaturating(pts, 6, 5, { threads: 1, onProgress: (d, t) => heard.push([d, t]) });
  assert.deepEqual(
    heard,
    [1, 2, 3, 4, 5, 6].map((d) => [d, 6]),
    "progress after each fit",
  );
  heard.length = 0;
  assert.deepEqual(await bootstrapSaturating(pts, 6, 5, { threads: 2, onProgress: (d) => heard.push([d]) }), one);
  assert.deepEqual(heard.at(-1), [6], "the last report is the last fit, on worker threads too");
  // Replicate 1 is the fit to the stream's first 40 draws.
  const rng = mt19937(5);
  const first = resampleFit(
    pts,
    Uint32Array.from(pts, () => rng.interval(39)),
    true,
  );
  assert.ok(one.failed === 0 && first.alpha >= one.alpha.p2_5 && first.alpha <= one.alpha.p97_5);
});

/** `n` points of a noisy saturating law with a time trend, from a seeded stream. */
function noisyLaw(seed: number, n: number): SatPoint[] {
  const g = mt19937(seed);
  return Array.from({ length: n }, () => {
    const C = 10 ** (15 + 9 * g.random());
    const t = 2012 + 11 * g.random();
    return { C, t, y: 1.2 + Math.exp(1.5 - 0.1 * Math.log(C / 1e15) - 0.05 * (t - 2012)) + 0.05 * g.normal() };
  });
}

/** Entries equal as doubles, NaN to NaN and −0 apart from +0 (Object.is). */
function sameDoubles(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} ≠ ${b[i]}`);
}

it(
  "the kernel's saturating objective gives the JavaScript definition's sum and gradient bit for bit, with α " +
    "fitted or held and with or without a time term, on even and odd row counts",
  () => {
    // Expected values: test/extensions/saturating-reference.ts, the objective as JavaScript computed it.
    const g = mt19937(11);
    for (const n of [1, 2, 7, 40, 107]) {
      const pts = noisyLaw(n, n);
      for (const opts of [{}, { timeTerm: false }, { fixAlpha: 0.07 }, { timeTerm: false, fixAlpha: 0.3 }]) {
        const f = saturatingObjective(pts, opts);
        const ref = saturatingObjectiveReference(pts, opts);
        for (let k = 0; k < 25; k++) {
          const th = Float64Array.of(
            6 * g.random() - 3,
            4 * g.random() - 1,
            Math.log(0.01 + 0.5 * g.random()),
            g.random() - 0.5,
          );
          const [got, want] = [new Float64Array(4), new Float64Array(4)];
          sameDoubles([f(th, got)], [ref(th, want)], `SSE, ${n} rows, ${JSON.stringify(opts)}`);
          sameDoubles(got, want, `gradient, ${n} rows, ${JSON.stringify(opts)}`);
        }
      }
    }
  },
);

it(
  "the kernel's saturating objective gives Math.exp's value where the exponent is exactly 1, and +∞ with the " +
    "reference's gradient where exponents overflow, vanish or are tiny",
  () => {
    // The first point has the least C and t, so its exponent is a exactly: a = 1 is where V8's Math.exp
    // returns Math.E and fdlibm's algorithm one ulp more.
    const pts = [{ C: 1e15, t: 2012, y: 4 }, ...noisyLaw(3, 8)];
    const f = saturatingObjective(pts);
    const ref = saturatingObjectiveReference(pts);
    for (const a of [1, 1e-9, 2 ** -30, 800, -800, NaN]) {
      const th = Float64Array.of(0.5, a, Math.log(0.1), 0.02);
      const [got, want] = [new Float64Array(4), new Float64Array(4)];
      sameDoubles([f(th, got)], [ref(th, want)], `SSE at a = ${a}`);
      sameDoubles(got, want, `gradient at a = ${a}`);
    }
    assert.equal(f(Float64Array.of(0.5, 800, Math.log(0.1), 0.02), new Float64Array(4)), Infinity);
  },
);

it("interleaved saturating objectives keep their own rows in the kernel's memory", () => {
  const [a, b] = [noisyLaw(5, 30), noisyLaw(6, 31)];
  const [fa, fb] = [saturatingObjective(a), saturatingObjective(b)];
  const th = Float64Array.of(0, 1.5, Math.log(0.1), 0.05);
  const grad = new Float64Array(4);
  const want = [saturatingObjectiveReference(a)(th, grad), saturatingObjectiveReference(b)(th, grad)];
  assert.deepEqual([fa(th, grad), fb(th, grad), fa(th, grad)], [want[0], want[1], want[0]]);
});
