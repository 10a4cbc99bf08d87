import assert from "node:assert/strict";
import { it } from "node:test";
import { type HeadlineVariant, choiceShare, headlineVariants } from "../../src/identify/headline.js";
import { TRUTH7, simulate } from "../fit/simulate.js";

const v = (
  estimator: HeadlineVariant["estimator"],
  resampling: HeadlineVariant["resampling"],
  median: number,
  low: number,
  high: number,
): HeadlineVariant => ({
  estimator,
  resampling,
  estimate: median,
  median,
  low,
  high,
  nonPositiveShare: 0,
  failed: 0,
});

it("the share of estimator choice is the medians' spread over the authors' interval width (hand-computed)", () => {
  // Medians 8, 10, 6.5; the faithful row interval is 5 to 14 (width 9): spread 3.5, share 3.5/9.
  const s = choiceShare([
    v("faithful", "rows", 8, 5, 14),
    v("penalized", "papers", 10, 3, 25),
    v("nls", "rows", 6.5, 4, 12),
  ]);
  assert.equal(s.spread, 3.5);
  assert.equal(s.width, 9);
  assert.equal(s.share, 3.5 / 9);
  assert.equal(s.lowest.estimator, "nls");
  assert.equal(s.highest.resampling, "papers");
});

it("runs all six variants on the same seed; on data from the model the estimators agree closely", async () => {
  // Model 7 with small noise: least squares lands near the simulated halving time, ln 2/g_C with
  // g_C from TRUTH7 (5.63 months); the L1 penalty pulls the penalized estimate off it a little.
  const data = simulate(150, 9, { sigma: 0.05 });
  const vs = await headlineVariants(data, { B: 12, seed: 4, starts: 2 });
  assert.equal(vs.length, 6);
  const truth = (12 * Math.LN2) / (TRUTH7[3] / TRUTH7[4] + TRUTH7[8] / TRUTH7[9]);
  const nls = vs.find((x) => x.estimator === "nls" && x.resampling === "rows")!;
  assert.ok(Math.abs(nls.estimate - truth) < 0.1 * truth, `${nls.estimate} vs ${truth}`);
  assert.equal(vs.find((x) => x.estimator === "nls" && x.resampling === "papers")!.estimate, nls.estimate);
  for (const x of vs) assert.ok(x.low <= x.median && x.median <= x.high && x.failed === 0);
  const heard: [number, number][] = [];
  const again = await headlineVariants(data, { B: 12, seed: 4, starts: 2, onProgress: (d, t) => heard.push([d, t]) });
  assert.deepEqual(again, vs, "same seed, same numbers");
  // Progress counts replicates over the six bootstraps: never back, ending at 6·B.
  assert.ok(heard.every(([d, t], i) => t === 72 && d >= (heard[i - 1]?.[0] ?? 0)));
  assert.deepEqual(heard.at(-1), [72, 72]);
  assert.ok(heard.some(([d]) => d <= 12) && heard.some(([d]) => d > 60), "every bootstrap reports");
});
