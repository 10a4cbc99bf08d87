import assert from "node:assert/strict";
import { it } from "node:test";
import { summariseRates } from "../../src/progress/rates.js";
import { mt19937 } from "../../src/random/mt19937.js";

it("gives a halving time when every replicate's rate is positive: 8 months simulated, 8 months stated", () => {
  const g = mt19937(1);
  const truth = (12 * Math.LN2) / 8; // g for an 8-month halving time
  const s = summariseRates(Array.from({ length: 1000 }, () => truth * (1 + 0.15 * g.normal())));
  assert.ok(s.identified);
  assert.ok(s.halvingMonths!.low < 8 && 8 < s.halvingMonths!.high);
  assert.ok(Math.abs(s.halvingMonths!.p50 - 8) < 0.2);
  assert.match(s.text, /halves every 8\.0 months/);
});

it("gives no halving time where the interval of the rate reaches zero, and says how often it is not positive", () => {
  const g = mt19937(2);
  const s = summariseRates(Array.from({ length: 400 }, () => 0.05 + 0.5 * g.normal()));
  assert.equal(s.identified, false);
  assert.equal(s.halvingMonths, null);
  assert.ok(s.nonPositiveShare > 0.3 && s.nonPositiveShare < 0.7);
  assert.match(s.text, /not identified: \d+ % of 400 replicates/);
  assert.doesNotMatch(s.text, /halves/);
});

it("counts non-finite rates instead of dropping them silently", () => {
  const s = summariseRates([1, 1.1, NaN, Infinity, 0.9]);
  assert.deepEqual([s.n, s.nonFinite], [3, 2]);
  assert.match(summariseRates([NaN]).text, /No replicate gave a finite growth rate/);
});
