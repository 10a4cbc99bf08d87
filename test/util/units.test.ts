import assert from "node:assert/strict";
import { it } from "node:test";
import { halvingMonths, months } from "../../src/util/units.js";

it("converts years to months and a growth rate per year to a halving time in months (hand-computed)", () => {
  assert.equal(months(0.5), 6);
  // 12 · ln 2 / g: g = ln 2 per year halves every 12 months; g = 1 every 8.3178 months.
  assert.equal(halvingMonths(Math.LN2), 12);
  assert.ok(Math.abs(halvingMonths(1) - 8.317766166719343) < 1e-15);
  assert.ok(halvingMonths(-1) < 0);
});
