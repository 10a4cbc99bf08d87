import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { imputeVocabulary, normalisationOf } from "../../src/fit/data.js";
import {
  MODEL_IDS,
  buildDesign,
  jacobian,
  model,
  mseAndGradient,
  mseGradHess,
  pointEvaluator,
  predict,
  predictModel18AsPublished,
  subsetDesign,
} from "../../src/fit/models.js";
import { mt19937 } from "../../src/random/mt19937.js";
import { simulate } from "./simulate.js";

const data = simulate(50, 21);
const norm = normalisationOf(data);
const ALL = [...MODEL_IDS, "7+gammaT", "4+gammaT", "12+gammaT", "19+gammaT", "7+yeardummy2017", "irreducible"];
const randomTheta = (p: number, g: ReturnType<typeof mt19937>, sd = 0.05) =>
  Float64Array.from({ length: p }, () => sd * g.normal());

describe("the Gauss–Newton matrix is (2/m)·Σ w_i ∇ŷ_i ∇ŷ_iᵀ from the Jacobian", () => {
  for (const id of ALL) {
    it(`model ${id}`, () => {
      const design = buildDesign(model(id), data, norm);
      const { p, m } = design;
      const theta = randomTheta(p, mt19937(4));
      if (design.gammaIndex >= 0) theta[design.gammaIndex] = -0.4;
      const G = new Float64Array(p * p);
      mseGradHess(design, data.y, theta, new Float64Array(p), G, true);
      const J = jacobian(design, theta);
      for (let a = 0; a < p; a++)
        for (let b = 0; b < p; b++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += (2 / m) * design.weight[i] * J[i * p + a] * J[i * p + b];
          assert.ok(
            Math.abs(s - G[a * p + b]) <= 1e-10 * (1 + Math.abs(s)),
            `${id} G[${a}, ${b}]: ${G[a * p + b]} vs ${s}`,
          );
        }
    });
  }
});

describe("exact Hessian matches central differences of the analytic gradient", () => {
  for (const id of ALL) {
    it(`model ${id}`, () => {
      const design = buildDesign(model(id), data, norm);
      const { p } = design;
      const g = mt19937(3);
      const theta = randomTheta(p, g);
      if (design.gammaIndex >= 0) theta[design.gammaIndex] = 0.7;
      const grad = new Float64Array(p);
      const hess = new Float64Array(p * p);
      const f = mseGradHess(design, data.y, theta, grad, hess);
      const g2 = new Float64Array(p);
      assert.equal(f, mseAndGradient(design, data.y, theta, g2));
      g2.forEach((v, j) => assert.ok(Math.abs(v - grad[j]) <= 1e-12 * (1 + Math.abs(v)), `gradient ${j}`));
      for (let j = 0; j < p; j++) {
        const h = 1e-6;
        const up = Float64Array.from(theta);
        const dn = Float64Array.from(theta);
        up[j] += h;
        dn[j] -= h;
        const gu = new Float64Array(p);
        const gd = new Float64Array(p);
        mseAndGradient(design, data.y, up, gu);
        mseAndGradient(design, data.y, dn, gd);
        for (let k = 0; k < p; k++) {
          const fd = (gu[k] - gd[k]) / (2 * h);
          assert.ok(
            Math.abs(fd - hess[j * p + k]) <= 1e-5 * (1 + Math.abs(fd)),
            `${id} H[${design.spec.params[j]}, ${design.spec.params[k]}]: ${hess[j * p + k]} vs ${fd}`,
          );
        }
      }
    });
  }
});

describe("model records", () => {
  it("expose name, parameter names, predict and mseGradient equal to the design functions", () => {
    const g = mt19937(4);
    for (const id of ALL) {
      const m = model(id);
      assert.ok(m.name.length > 0 && m.params.length > 0);
      const theta = randomTheta(m.params.length, g);
      const d = buildDesign(m, data, norm);
      assert.deepEqual(m.predict(theta, data, norm), predict(d, theta));
      const g1 = new Float64Array(m.params.length);
      const g2 = new Float64Array(m.params.length);
      assert.equal(m.mseGradient(theta, data, norm, g1), mseAndGradient(d, data.y, theta, g2));
      assert.deepEqual(g1, g2);
    }
  });

  it("the point evaluator equals predict row by row, for every model", () => {
    const g = mt19937(5);
    const vdata = imputeVocabulary(data);
    for (const id of ALL) {
      const spec = model(id);
      const theta = randomTheta(spec.params.length, g, 0.1);
      const y = predict(buildDesign(spec, vdata, norm), theta);
      const f = pointEvaluator(spec, theta, norm);
      for (let i = 0; i < vdata.m; i++) {
        const x = {
          N: vdata.N[i],
          D: vdata.D[i],
          t: vdata.t[i],
          P: vdata.P[i] as 0 | 1,
          W: vdata.W[i] as 0 | 1,
          T: vdata.T[i] as 0 | 1,
          year: vdata.year[i],
          epoch: vdata.epoch[i],
          vocab: vdata.vocab[i],
        };
        assert.ok(Math.abs(f(x) - y[i]) <= 1e-12 * Math.abs(y[i]), `${id} row ${i}`);
      }
    }
  });

  it("subsetDesign equals the design of the subset (column-major slicing)", () => {
    const idx = [3, 3, 0, 49, 17];
    const d = subsetDesign(buildDesign(model("11"), data, norm), idx);
    const theta = randomTheta(18, mt19937(6));
    const sub = {
      ...data,
      m: idx.length,
      N: Float64Array.from(idx, (i) => data.N[i]),
      D: Float64Array.from(idx, (i) => data.D[i]),
      t: Float64Array.from(idx, (i) => data.t[i]),
      P: Float64Array.from(idx, (i) => data.P[i]),
      W: Float64Array.from(idx, (i) => data.W[i]),
    };
    assert.deepEqual(predict(d, theta), predict(buildDesign(model("11"), sub, norm), theta));
  });
});

describe("special forms, by hand (§2.3, §2.4)", () => {
  const i = 7;
  const tau = data.t[i] - norm.t0;
  const n = Math.log(data.N[i] / norm.N0);
  const one = {
    ...data,
    m: 1,
    y: data.y.subarray(i),
    N: data.N.subarray(i),
    D: data.D.subarray(i),
    t: data.t.subarray(i),
    P: data.P.subarray(i),
    W: data.W.subarray(i),
    T: data.T.subarray(i),
    year: data.year.subarray(i),
    epoch: data.epoch.subarray(i),
    vocab: data.vocab.subarray(i),
    cluster: data.cluster.subarray(i),
  };
  const yOf = (id: string, theta: number[], d = one) => predict(buildDesign(model(id), d, norm), theta)[0];

  it("models 14/15 use ln of the calendar year t, not of τ", () => {
    const th = [0.9, 0, 0, 0.07, 0.8, 0, 0, 0.04, 0.001, -0.002];
    const dd = Math.log(data.D[i] / norm.D0);
    const lt = Math.log(data.t[i]);
    const expected = Math.exp(0.9 - (0.07 + 0.001 * lt) * n) + Math.exp(0.8 - (0.04 - 0.002 * lt) * dd);
    assert.ok(Math.abs(yOf("14", th) - expected) < 1e-12);
  });

  it("model 20 uses D_eff = D(1 + R(1 − e^(−E/R))) with D0 of the raw D; missing E → 1", () => {
    const th = [0.9, 0, 0, 0.01, 0.07, 0.8, 0, 0, 0.03, 0.04];
    const R = 2.9157;
    for (const E of [4, NaN]) {
      const d = { ...one, epoch: Float64Array.of(E) };
      const Eeff = Number.isNaN(E) ? 1 : E;
      const deff = Math.log((data.D[i] * (1 + R * (1 - Math.exp(-Eeff / R)))) / norm.D0);
      const expected = Math.exp(0.9 - 0.01 * tau - 0.07 * n) + Math.exp(0.8 - 0.03 * tau - 0.04 * deff);
      assert.ok(Math.abs(yOf("20", th, d) - expected) < 1e-12, `E = ${E}`);
    }
  });

  it("model 19 adds γ·ln V and needs a vocabulary; imputation by benchmark (§5.11)", () => {
    const th7 = [0.9, 0, 0, 0.01, 0.07, 0.8, 0, 0, 0.03, 0.04];
    const d = { ...one, vocab: Float64Array.of(50000) };
    assert.ok(Math.abs(yOf("19", [0.02, ...th7], d) - yOf("7", th7) - 0.02 * Math.log(50000)) < 1e-12);
    assert.throws(() => buildDesign(model("19"), { ...one, vocab: Float64Array.of(NaN) }, norm), /vocabulary/);
    const v = imputeVocabulary({
      ...data,
      m: 3,
      P: Float64Array.of(0, 1, 0),
      W: Float64Array.of(0, 0, 1),
      vocab: Float64Array.of(NaN, NaN, NaN),
    });
    assert.deepEqual([...v.vocab], [268000, 10000, 33278]);
  });

  it("the transformer factor σ(γ_T) multiplies the whole wrapped prediction, γ·ln V included", () => {
    const th = [0.02, 0.9, 0, 0, 0.01, 0.07, 0.8, 0, 0, 0.03, 0.04];
    for (const T of [0, 1]) {
      const d = { ...one, vocab: Float64Array.of(50000), T: Float64Array.of(T) };
      const s = 1 / (1 + Math.exp(-1.2));
      assert.ok(Math.abs(yOf("19+gammaT", [...th, 1.2], d) - (T ? s : 1) * yOf("19", th, d)) < 1e-12);
    }
  });

  it("the year dummy changes the slope from t0 for rows with Year ≥ split (docs/method.md Q9)", () => {
    const th = [0.9, 0, 0, 0.01, 0.07, 0.8, 0, 0, 0.03, 0.04, -0.005, 0.02];
    const dd = Math.log(data.D[i] / norm.D0);
    for (const year of [2016, 2017]) {
      const S = year >= 2017 ? 1 : 0;
      const d = { ...one, year: Float64Array.of(year) };
      const expected =
        Math.exp(0.9 - (0.01 - 0.005 * S) * tau - 0.07 * n) + Math.exp(0.8 - (0.03 + 0.02 * S) * tau - 0.04 * dd);
      assert.ok(Math.abs(yOf("7+yeardummy2017", th, d) - expected) < 1e-12);
    }
  });

  it("irreducible adds γ(b) outside the exponentials", () => {
    const th7 = [0.9, 0, 0, 0.01, 0.07, 0.8, 0, 0, 0.03, 0.04];
    const d = { ...one, P: Float64Array.of(1), W: Float64Array.of(0) };
    assert.ok(Math.abs(yOf("irreducible", [0.5, 0.1, 0.2, ...th7], d) - yOf("7", th7, d) - 0.6) < 1e-12);
  });

  it(
    "model 18 as published (docs/method.md Q8) drops the compute term for a single row; the fixed-C0 model does " +
      "not",
    () => {
      const th = [1, 0, 0, 0.02, 0.05];
      const asPublished = predictModel18AsPublished(th, one, norm)[0];
      assert.ok(Math.abs(asPublished - Math.exp(1 - 0.02 * tau)) < 1e-12);
      const lnC = Math.log((6 * data.N[i] * data.D[i]) / norm.C0);
      assert.ok(lnC > 0);
      assert.ok(Math.abs(yOf("18", th) - Math.exp(1 - 0.02 * tau - 0.05 * lnC)) < 1e-12);
      // On many rows the as-published C0 is their own minimum, i.e. the sample's here.
      assert.deepEqual(predictModel18AsPublished(th, data, norm), predict(buildDesign(model("18"), data, norm), th));
    },
  );

  it("a non-finite prediction makes the objective +∞", () => {
    const design = buildDesign(model("7"), data, norm);
    const th = new Float64Array(10);
    th[0] = 800;
    const g = new Float64Array(10);
    assert.equal(mseAndGradient(design, data.y, th, g), Infinity);
    assert.equal(mseGradHess(design, data.y, th, g, new Float64Array(100)), Infinity);
  });
});
