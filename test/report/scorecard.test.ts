import assert from "node:assert/strict";
import { it } from "node:test";
import { SCORECARD, scorecard } from "../../src/report/scorecard.js";

it("lists at least 25 published quantities of docs/method.md §8, each with a tolerance", () => {
  assert.ok(SCORECARD.length >= 25);
  assert.equal(new Set(SCORECARD.map((s) => s.id)).size, SCORECARD.length);
});

it("passes a value within its tolerance and fails one outside, using the interval keys", () => {
  const [h2] = scorecard(
    { tcBoot: 9.3, tcBootLow: 5, tcBootHigh: 15 },
    SCORECARD.filter((s) => s.id === "H2"),
  );
  assert.deepEqual([h2.value, h2.low, h2.high, h2.tolerance, h2.pass], [9.3, 5, 15, 1, true]);
  const [far] = scorecard(
    { tcBoot: 9.5 },
    SCORECARD.filter((s) => s.id === "H2"),
  );
  assert.equal(far.pass, false); // 8.44 + 1 < 9.5
});

it("applies a relative tolerance with an absolute floor to parameters near zero", () => {
  const spec = SCORECARD.filter((s) => s.id === "M7-alpha_const_ptb" || s.id === "M7-alpha_const");
  const rows = scorecard({ m7_alpha_const_ptb: 0.002, m7_alpha_const: 0.912701 * 1.03 }, spec);
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  assert.equal(byId["M7-alpha_const_ptb"].tolerance, 0.002); // 2 % of 0.000379 is below the floor
  assert.equal(byId["M7-alpha_const_ptb"].pass, true);
  assert.equal(byId["M7-alpha_const"].pass, false); // 3 % off, tolerance 2 %
});

it("marks a quantity the build did not compute as not passing, with the recorded reason", () => {
  const [h5] = scorecard(
    { numericalBoot: "not defined (no finite value)" },
    SCORECARD.filter((s) => s.id === "H5"),
  );
  assert.deepEqual([h5.value, h5.pass, h5.note], [null, false, "not defined (no finite value)"]);
  const [c1] = scorecard(
    {},
    SCORECARD.filter((s) => s.id === "C1"),
  );
  assert.equal(c1.note, "not computed in this build");
});
