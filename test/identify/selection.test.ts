import assert from "node:assert/strict";
import { it } from "node:test";
import { selectionBias } from "../../src/identify/selection.js";
import { TRUTH7, simulate } from "../fit/simulate.js";

// Covariates of 231 simulated evaluations; perplexities from model 7 at TRUTH7 (T_C ≈ 5.63 months).
const data = simulate(231, 5, { sigma: 0.1 });
const rows = selectionBias(data, TRUTH7, {
  correlations: [0, 0.6],
  replicates: 40,
  qualityScale: 0.5,
  sigma: 0.05,
  seed: 2,
  fit: { estimator: "nls", delta: 0, starts: 2, seed: 1 },
});

it("without correlation the latent quality only adds noise: no bias in the halving time", () => {
  const [zero] = rows;
  assert.ok(Math.abs(zero.trueMonths - (12 * Math.LN2) / (TRUTH7[3] / TRUTH7[4] + TRUTH7[8] / TRUTH7[9])) < 1e-12);
  assert.ok(Math.abs(zero.bias) < 0.05 * zero.trueMonths, `bias ${zero.bias} months`);
  assert.ok(zero.low < zero.trueMonths && zero.trueMonths < zero.high);
  assert.equal(zero.failed, 0);
});

it(
  "when better algorithms come with more compute, the scaling exponents take their credit: halving time " +
    "overstated",
  () => {
    // Quality that rises with N and D is read as a steeper return to scale (α_param, β_data too
    // large), so g_N = α_year/α_param and g_D = β_year/β_data come out too small.
    const [, high] = rows;
    assert.ok(high.bias > 0.2 * high.trueMonths, `bias ${high.bias} months`);
    assert.ok(high.low > high.trueMonths, "the whole 95 % band lies above the truth");
  },
);

it("refuses a correlation outside [−1, 1]", () => {
  assert.throws(
    () =>
      selectionBias(data, TRUTH7, {
        correlations: [1.5],
        replicates: 1,
        qualityScale: 0.5,
        sigma: 0.05,
        seed: 2,
        fit: { estimator: "nls", delta: 0 },
      }),
    /not in/,
  );
});
