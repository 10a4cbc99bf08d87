import assert from "node:assert/strict";
import { it } from "node:test";
import { normalisationOf } from "../../src/fit/data.js";
import { model } from "../../src/fit/models.js";
import { GAIN_BUDGETS, gainByScale, summariseGainByScale } from "../../src/identify/scale.js";
import { TRUTH7, simulate } from "../fit/simulate.js";

// Model 13 gives each architecture its own exponents: c·(1 − T) + c_t·T (docs/method.md §2.2).
const norm = normalisationOf(simulate(231, 5, { sigma: 0.1 }));
const m7 = Object.fromEntries(model("7").params.map((n, j) => [n, TRUTH7[j]]));
const theta13 = (alphaParamT: number, betaDataT: number) =>
  model("13").params.map((n) => (n === "alpha_param_t" ? alphaParamT : n === "beta_data_t" ? betaDataT : m7[n]));

it("a transformer with the same law as the other architectures gains nothing at any scale (CEG 1 everywhere)", () => {
  const same = theta13(m7.alpha_param, m7.beta_data);
  const rows = gainByScale("13", same, [same, same, same], norm);
  assert.equal(rows.length, GAIN_BUDGETS.length);
  for (const r of rows) {
    assert.ok(Math.abs(r.estimate - 1) < 1e-6, `C ${r.C}: ${r.estimate}`);
    assert.ok(Math.abs(r.median - 1) < 1e-6 && r.nonFinite === 0);
  }
  const s = summariseGainByScale(rows);
  assert.ok(s.ordersOfMagnitude < 1e-6, "a constant gain spans no order of magnitude");
});

it("steeper transformer exponents give a gain that grows with the budget", () => {
  const rows = gainByScale("13", theta13(m7.alpha_param + 0.01, m7.beta_data + 0.01), [], norm);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i].estimate > rows[i - 1].estimate);
  assert.ok(rows[0].estimate > 1);
  assert.ok(summariseGainByScale(rows).ordersOfMagnitude > 1);
});

it("finds where a gain turns into a loss, between budgets on a log scale", () => {
  // Hand-made estimates: ln 0.8 = −ln 1.25, so the crossing is halfway between 1e18 and 1e19 in log C.
  const row = (C: number, estimate: number) => ({
    C,
    estimate,
    median: estimate,
    low: estimate,
    high: estimate,
    optimalEstimate: NaN,
    nonFinite: 0,
  });
  const s = summariseGainByScale([row(1e17, 0.5), row(1e18, 0.8), row(1e19, 1.25), row(1e20, 2)]);
  assert.equal(s.crossings.length, 1);
  assert.ok(Math.abs(Math.log10(s.crossings[0]) - 18.5) < 1e-12);
  assert.ok(Math.abs(s.ordersOfMagnitude - Math.log10(4)) < 1e-12);
  const wide = summariseGainByScale([{ ...row(1e17, 3), low: 0.9, high: 9 }, row(1e18, 3)]);
  assert.deepEqual(wide.bandIncludesOne, [1e17], "only the budget whose band reaches 1");
});
