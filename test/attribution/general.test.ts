import assert from "node:assert/strict";
import { it } from "node:test";
import { decomposeModel, predictSplitDates } from "../../src/attribution/general.js";
import { absoluteModel7, decompose } from "../../src/attribution/two-term.js";
import { buildDesign, model, predict } from "../../src/fit/models.js";
import { M7 } from "../../src/published.js";

const norm = { N0: 1e6, D0: 1e6, t0: 2012.5, C0: 6e12 };
const from = { N: 1.1e7, D: 1.03e8, t: 2016.95, ptb: 0 as const, wt2: 0 as const, transformer: 0 as const };
const to = { N: 1.5e9, D: 4e9, t: 2019.12, ptb: 0 as const, wt2: 0 as const, transformer: 1 as const };

it("with one date it equals the model's own prediction, for every model", () => {
  const one = {
    m: 1,
    y: Float64Array.of(0),
    N: Float64Array.of(to.N),
    D: Float64Array.of(to.D),
    t: Float64Array.of(to.t),
    P: Float64Array.of(0),
    W: Float64Array.of(0),
    T: Float64Array.of(1),
    year: Float64Array.of(2019),
    epoch: Float64Array.of(1),
    vocab: Float64Array.of(268000),
    cluster: Int32Array.of(0),
  };
  for (const id of ["1", "7", "10", "12", "13", "15", "18", "19", "7+gammaT", "19+gammaT", "irreducible"]) {
    const spec = model(id);
    const theta = spec.params.map((_, j) => 0.01 * ((j % 5) + 1));
    const y = predict(buildDesign(spec, one, norm), theta)[0];
    assert.ok(Math.abs(predictSplitDates(id, theta, norm, to, to.t, to.t) - y) < 1e-12, id);
  }
});

it("matches the model-7 closed form and is efficient for any model", () => {
  const theta = Object.values(M7);
  const g = decomposeModel("7", theta, norm, from, to);
  const c = decompose(absoluteModel7(M7, norm), from, to);
  g.shares.forEach((s, k) => assert.ok(Math.abs(s - c.shares[k]) < 1e-10));
  for (const id of ["10", "12", "15"]) {
    const th = model(id).params.map((_, j) => 0.02 + 0.005 * (j % 4));
    const d = decomposeModel(id, th, norm, from, to);
    assert.ok(Math.abs(d.shares.reduce((a, b) => a + b, 0) - 1) < 1e-10, id);
  }
  const m13 = decomposeModel(
    "13",
    model("13").params.map((_, j) => 0.03 + 0.01 * (j % 3)),
    norm,
    from,
    to,
    { withArchitecture: true },
  );
  assert.equal(m13.shares.length, 5);
  assert.ok(Math.abs(m13.shares.reduce((a, b) => a + b, 0) - 1) < 1e-10);
});
