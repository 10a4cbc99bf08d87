import assert from "node:assert/strict";
import { it } from "node:test";
import { outOfTime } from "../../src/identify/out-of-time.js";
import { simulate } from "../fit/simulate.js";

// Data drawn from model 7 with noise sd 0.05 (test/fit/simulate.ts): the true model's error on
// later rows is the noise variance 0.0025 plus its estimation error; model 16 has no date trend.
const data = simulate(600, 21, { sigma: 0.05 });
const fit = { estimator: "penalized" as const, delta: 0, starts: 2, seed: 1 };

it("the true specification predicts later evaluations at the noise level; one without progress does not", () => {
  const scores = outOfTime(data, ["7", "16"], [2019, 2021], fit);
  assert.equal(scores.length, 4);
  for (const s of scores.filter((x) => x.model === "7")) {
    assert.ok(s.mse !== null && s.mse < 1.5 * 0.0025, `model 7 at ${s.cutoff}: ${s.mse}`);
    assert.ok(Math.abs(s.bias!) < 0.02, `model 7 bias ${s.bias}`);
  }
  for (const c of [2019, 2021]) {
    const m7 = scores.find((s) => s.model === "7" && s.cutoff === c)!;
    const m16 = scores.find((s) => s.model === "16" && s.cutoff === c)!;
    assert.ok(m16.mse! > 2 * m7.mse!, `at ${c}: model 16 ${m16.mse} vs model 7 ${m7.mse}`);
    // Without a trend the model expects no progress: later perplexities are lower than it predicts.
    assert.ok(m16.bias! < 0, `model 16 bias ${m16.bias}`);
    assert.equal(m7.train + m7.test, data.m);
  }
});

it("scores a cut-off with no earlier rows as null, with the reason", () => {
  const [s] = outOfTime(data, ["7"], [2000], fit);
  assert.equal(s.mse, null);
  assert.match(s.why!, /no rows before/);
});
