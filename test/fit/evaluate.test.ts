/**
 * The evaluations of src/fit/evaluate.ts (row loops in WebAssembly, wasm/least-squares.ts) against
 * their JavaScript definition (test/fit/evaluate-reference.ts, the library's code before the move):
 * predictions, MSE, gradient, Hessian, Gauss–Newton matrix, Jacobian and term values, bit for bit (Object.is),
 * on every model, on the embedded sample and on simulated data of odd length, at random points, at
 * points with zero and −0 coordinates, where an exponent is exactly 1 (V8's Math.exp special case)
 * and where predictions overflow.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadEvaluations } from "../../src/data/load.js";
import { type FitData, fitDataFromRows, imputeVocabulary, normalisationOf } from "../../src/fit/data.js";
import * as wasm from "../../src/fit/evaluate.js";
import { type Design, MODEL_IDS, buildDesign, model, subsetDesign } from "../../src/fit/models.js";
import { mt19937 } from "../../src/random/mt19937.js";
import * as js from "./evaluate-reference.js";
import { simulate } from "./simulate.js";

const root = new URL("../../", import.meta.url).pathname;

/** Whether two arrays hold the same doubles (Object.is per element: NaN equal, +0 ≠ −0). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Every evaluation of both implementations at θ, compared; `what` names the case in failures. */
function compare(d: Design, y: ArrayLike<number>, theta: Float64Array, what: string): void {
  const p = d.p;
  assert.ok(same(wasm.predict(d, theta), js.predict(d, theta)), `${what}: predict`);
  assert.ok(Object.is(wasm.mseValue(d, y, theta), js.mseValue(d, y, theta)), `${what}: mseValue`);
  const [g1, g2] = [new Float64Array(p), new Float64Array(p)];
  assert.ok(Object.is(wasm.mseAndGradient(d, y, theta, g1), js.mseAndGradient(d, y, theta, g2)), `${what}: mse`);
  assert.ok(same(g1, g2), `${what}: gradient`);
  for (const gaussNewton of [false, true]) {
    const [h1, h2] = [new Float64Array(p * p), new Float64Array(p * p)];
    const f1 = wasm.mseGradHess(d, y, theta, g1, h1, gaussNewton);
    const f2 = js.mseGradHess(d, y, theta, g2, h2, gaussNewton);
    assert.ok(Object.is(f1, f2) && same(g1, g2), `${what}: value and gradient with the Hessian`);
    assert.ok(same(h1, h2), `${what}: ${gaussNewton ? "Gauss–Newton matrix" : "Hessian"}`);
  }
  assert.ok(same(wasm.jacobian(d, theta), js.jacobian(d, theta)), `${what}: jacobian`);
}

/** The embedded sample and simulated data of odd length (m = 101), vocabulary imputed for model 19. */
function datasets(): FitData[] {
  const rows = loadEvaluations(join(root, "data/lm_evaluations.csv")).head;
  return [fitDataFromRows(rows), simulate(101, 9, { sigma: 0.2 })].map(imputeVocabulary);
}

const IDS = [...MODEL_IDS, "7+gammaT", "12+gammaT", "7+yeardummy2017", "irreducible"];

describe("evaluations of a design in WebAssembly", () => {
  it("equal the JavaScript definition bit for bit on every model, at random points", () => {
    const g = mt19937(41);
    let sparse = 0;
    let additive = 0;
    let gamma = 0;
    for (const data of datasets())
      for (const id of IDS) {
        const d = buildDesign(model(id), data, normalisationOf(data));
        sparse += d.nz.flat().filter((z) => z !== null).length;
        additive += +(d.additive !== null);
        gamma += +(d.gammaIndex >= 0);
        for (const scale of [0.05, 0.3, 1]) {
          const theta = Float64Array.from({ length: d.p }, () => scale * g.normal());
          compare(d, data.y, theta, `model ${id}, m = ${data.m}, scale ${scale}`);
        }
      }
    assert.ok(sparse > 0 && additive > 0 && gamma > 0, `${sparse} sparse columns, ${additive} additive, ${gamma} γ_T`);
  });

  it("equal it at zero and −0 coordinates, where an exponent is exactly 1, and where predictions overflow", () => {
    const data = datasets()[0];
    for (const id of ["7", "13", "7+gammaT", "irreducible"]) {
      const d = buildDesign(model(id), data, normalisationOf(data));
      compare(d, data.y, new Float64Array(d.p), `model ${id} at 0`);
      compare(d, data.y, new Float64Array(d.p).fill(-0), `model ${id} at −0`);
      // The first term's first feature (its constant) is 1 on every row: that coefficient at 1 and
      // the others at 0 make every exponent of the term exactly 1.
      assert.ok(
        d.terms[0].subarray(0, d.m).every((x) => x === 1),
        `model ${id}: a constant first feature`,
      );
      const one = new Float64Array(d.p);
      one[d.cols[0][0]] = 1;
      compare(d, data.y, one, `model ${id}, exponent 1`);
      compare(d, data.y, new Float64Array(d.p).fill(400), `model ${id}, overflow`);
      compare(d, data.y, new Float64Array(d.p).fill(NaN), `model ${id}, NaN`);
    }
  });

  it("give the quadratic form's gradient −Σ_i (u_i·∂ŷ_i/∂θ_j)/σ² serially, and refuse what they do not cover", () => {
    // Expected: the sum written out row by row over the JavaScript definition's Jacobian entries,
    // which for model 7 are the products e_ik·x_ikj the kernel multiplies.
    const g = mt19937(11);
    for (const data of datasets()) {
      const d = buildDesign(model("7"), data, normalisationOf(data));
      const theta = Float64Array.from({ length: d.p }, () => 0.3 * g.normal());
      const u = Float64Array.from({ length: d.m }, () => g.normal());
      const sigma2 = 0.037;
      const J = js.jacobian(d, theta);
      const want = new Float64Array(d.p);
      for (let j = 0; j < d.p; j++) {
        let s = 0;
        for (let i = 0; i < d.m; i++) s -= (u[i] * J[i * d.p + j]) / sigma2;
        want[j] = s;
      }
      assert.ok(same(wasm.quadraticFormGradient(d, theta, u, sigma2, new Float64Array(d.p)), want), `m = ${data.m}`);
      assert.throws(
        () => wasm.quadraticFormGradient(d, theta, u.subarray(1), sigma2, new Float64Array(d.p)),
        /u has \d+ values for a design of \d+ rows/,
      );
      const withGamma = buildDesign(model("7+gammaT"), data, normalisationOf(data));
      assert.throws(
        () =>
          wasm.quadraticFormGradient(
            withGamma,
            new Float64Array(withGamma.p),
            u,
            sigma2,
            new Float64Array(withGamma.p),
          ),
        /each parameter must be a feature of one term/,
      );
    }
  });

  // Cross-validation reads its held-out rows' predictions from the whole pool's.
  it("predict each row as they do in a design of any subset of its rows", () => {
    const g = mt19937(7);
    for (const data of datasets())
      for (const id of IDS) {
        const d = buildDesign(model(id), data, normalisationOf(data));
        const theta = Float64Array.from({ length: d.p }, () => 0.3 * g.normal());
        const all = wasm.predict(d, theta);
        // One row (the last, an odd position), a paper-sized block, and an odd-sized scatter.
        for (const idx of [[d.m - 1], [4, 5, 6, 7, 8], Array.from({ length: 33 }, (_, i) => (11 * i + 3) % d.m)]) {
          const sub = wasm.predict(subsetDesign(d, Uint32Array.from(idx)), theta);
          assert.ok(
            same(
              sub,
              idx.map((i) => all[i]),
            ),
            `model ${id}, m = ${data.m}, rows ${idx.slice(0, 3).join(", ")}…`,
          );
        }
      }
  });

  it("equal it along a sequence that reuses, leaves and re-enters a design's pass", () => {
    // Same point twice (the pass is reused), a coordinate at −0 instead of +0 (equal: reused), another
    // design in between (its region replaces this one's), and another y with the same design.
    const data = datasets()[1];
    const d = buildDesign(model("7"), data, normalisationOf(data));
    const other = subsetDesign(
      d,
      Uint32Array.from({ length: 60 }, (_, i) => (7 * i) % d.m),
    );
    const g = mt19937(2);
    const theta = Float64Array.from({ length: d.p }, () => 0.3 * g.normal());
    theta[3] = 0;
    const y2 = Float64Array.from(data.y, (v) => v + 0.1);
    compare(d, data.y, theta, "first");
    compare(d, data.y, theta, "again");
    const negZero = Float64Array.from(theta);
    negZero[3] = -0;
    compare(d, data.y, negZero, "−0");
    compare(other, data.y.subarray(0, 60), theta, "another design");
    compare(d, y2, theta, "back, another y");
  });
});
