import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalisationOf } from "../../src/fit/data.js";
import { MODEL_IDS, buildDesign, model, mseAndGradient, predict } from "../../src/fit/models.js";
import { mt19937 } from "../../src/random/mt19937.js";
import { simulate } from "./simulate.js";

const data = simulate(60, 1);
const norm = normalisationOf(data);
const ALL = [...MODEL_IDS, "7+gammaT", "10+gammaT", "7+yeardummy2017", "irreducible"];

describe("every model's analytic gradient matches central finite differences", () => {
  for (const id of ALL) {
    it(`model ${id}`, () => {
      const design = buildDesign(model(id), data, norm);
      const g = mt19937(7);
      for (let trial = 0; trial < 3; trial++) {
        const theta = Float64Array.from({ length: design.p }, () => 0.05 * g.normal());
        const grad = new Float64Array(design.p);
        mseAndGradient(design, data.y, theta, grad);
        for (let j = 0; j < design.p; j++) {
          const h = 1e-6;
          const up = Float64Array.from(theta);
          const dn = Float64Array.from(theta);
          up[j] += h;
          dn[j] -= h;
          const tmp = new Float64Array(design.p);
          const fd = (mseAndGradient(design, data.y, up, tmp) - mseAndGradient(design, data.y, dn, tmp)) / (2 * h);
          assert.ok(
            Math.abs(fd - grad[j]) <= 1e-6 * (1 + Math.abs(fd)),
            `${id} ${design.spec.params[j]}: analytic ${grad[j]} vs numeric ${fd}`,
          );
        }
      }
    });
  }
});

describe("model structure follows docs/method.md §2.3", () => {
  it("has the printed parameter counts and order", () => {
    const k = Object.fromEntries(MODEL_IDS.map((id) => [id, model(id).params.length]));
    assert.deepEqual(k, {
      1: 6,
      2: 5,
      3: 5,
      4: 8,
      5: 8,
      6: 10,
      7: 10,
      8: 9,
      9: 9,
      10: 14,
      11: 18,
      12: 9,
      13: 12,
      14: 10,
      15: 12,
      16: 8,
      17: 10,
      18: 5,
      19: 11,
      20: 10,
    });
    assert.deepEqual(model("7").params, [
      "alpha_const",
      "alpha_const_ptb",
      "alpha_const_wt2",
      "alpha_year",
      "alpha_param",
      "beta_const",
      "beta_const_ptb",
      "beta_const_wt2",
      "beta_year",
      "beta_data",
    ]);
    assert.deepEqual(model("11").params.slice(6, 9), ["alpha_param", "alpha_param_ptb", "alpha_param_wt2"]);
    assert.deepEqual(model("15").params.slice(-2), ["alpha_rate", "beta_rate"]);
    assert.deepEqual(model("7+gammaT").params.at(-1), "gamma_T");
    assert.throws(() => model("13+gammaT"), /does not wrap/);
  });

  it("model 7 is exp(A) + exp(B) with benchmark-shifted intercepts, by hand", () => {
    const theta = [0.9, 0.1, 0.2, 0.01, 0.07, 0.8, 0.15, 0.05, 0.03, 0.04];
    const y = predict(buildDesign(model("7"), data, norm), theta);
    for (const i of [0, 5, 17]) {
      const tau = data.t[i] - norm.t0,
        n = Math.log(data.N[i] / norm.N0),
        d = Math.log(data.D[i] / norm.D0);
      const A = 0.9 + 0.1 * data.P[i] + 0.2 * data.W[i] - 0.01 * tau - 0.07 * n;
      const B = 0.8 + 0.15 * data.P[i] + 0.05 * data.W[i] - 0.03 * tau - 0.04 * d;
      assert.ok(Math.abs(y[i] - Math.exp(A) - Math.exp(B)) < 1e-12);
    }
  });

  it("model 12 equals model 7 with β_year = α_year; transformer-γ scales transformer rows by σ(γ)", () => {
    const t12 = [0.9, 0.1, 0.2, 0.02, 0.07, 0.8, 0.15, 0.05, 0.04];
    const t7 = [0.9, 0.1, 0.2, 0.02, 0.07, 0.8, 0.15, 0.05, 0.02, 0.04];
    const y12 = predict(buildDesign(model("12"), data, norm), t12);
    const y7 = predict(buildDesign(model("7"), data, norm), t7);
    y12.forEach((v, i) => assert.ok(Math.abs(v - y7[i]) < 1e-12));
    const yg = predict(buildDesign(model("7+gammaT"), data, norm), [...t7, 1.5]);
    const s = 1 / (1 + Math.exp(-1.5));
    yg.forEach((v, i) => assert.ok(Math.abs(v - (data.T[i] ? s : 1) * y7[i]) < 1e-12));
  });

  it("model 18 uses the fixed C0 of the estimation sample (docs/method.md Q8 corrected)", () => {
    const d = buildDesign(model("18"), data, norm);
    const one = buildDesign(model("18"), { ...data, m: 1 }, norm);
    const theta = [1, 0, 0, 0.01, 0.05];
    assert.equal(predict(one, theta)[0], predict(d, theta)[0]);
    assert.ok(predict(d, theta)[0] < Math.exp(1)); // compute term active: C > C0 lowers the loss
  });
});

describe("row weights", () => {
  it("keep the analytic gradient and Hessian exact", async () => {
    const { mseGradHess } = await import("../../src/fit/models.js");
    const g = mt19937(11);
    const weighted = { ...data, weight: Float64Array.from({ length: data.m }, () => 0.2 + g.random()) };
    for (const id of ["7", "7+gammaT", "19"]) {
      const design = buildDesign(model(id), weighted, norm);
      const theta = Float64Array.from({ length: design.p }, () => 0.05 * g.normal());
      const grad = new Float64Array(design.p);
      const hess = new Float64Array(design.p * design.p);
      mseGradHess(design, weighted.y, theta, grad, hess);
      const tmp = new Float64Array(design.p);
      for (let j = 0; j < design.p; j++) {
        const up = Float64Array.from(theta);
        const dn = Float64Array.from(theta);
        up[j] += 1e-6;
        dn[j] -= 1e-6;
        const gu = new Float64Array(design.p);
        const gd = new Float64Array(design.p);
        const fd = (mseAndGradient(design, weighted.y, up, gu) - mseAndGradient(design, weighted.y, dn, gd)) / 2e-6;
        assert.ok(Math.abs(fd - grad[j]) <= 1e-6 * (1 + Math.abs(fd)), `${id} gradient ${j}`);
        for (let k = 0; k < design.p; k++) {
          const h = (gu[k] - gd[k]) / 2e-6;
          assert.ok(
            Math.abs(h - hess[j * design.p + k]) <= 1e-5 * (1 + Math.abs(h)),
            `${id} Hessian ${j},${k}: ${hess[j * design.p + k]} vs ${h}`,
          );
        }
      }
      void tmp;
    }
  });

  it("a weight of 2 is the same as a duplicated row", async () => {
    const { subset } = await import("../../src/fit/data.js");
    const w = Float64Array.from({ length: data.m }, (_, i) => (i % 5 === 0 ? 2 : 1));
    const dup = subset(
      data,
      [...Array(data.m).keys()].flatMap((i) => (i % 5 === 0 ? [i, i] : [i])),
    );
    const theta = [0.9, 0.1, 0.2, 0.01, 0.07, 0.8, 0.15, 0.05, 0.03, 0.04];
    const g1 = new Float64Array(10);
    const g2 = new Float64Array(10);
    const a = mseAndGradient(buildDesign(model("7"), { ...data, weight: w }, norm), data.y, theta, g1) * data.m;
    const b = mseAndGradient(buildDesign(model("7"), dup, norm), dup.y, theta, g2) * dup.m;
    assert.ok(Math.abs(a - b) < 1e-10);
    g1.forEach((v, j) => assert.ok(Math.abs(v * data.m - g2[j] * dup.m) < 1e-10));
  });
});
