/**
 * The proximal Newton method's subproblem (`subproblem`, in WebAssembly: wasm/orthant-newton.ts) against its
 * JavaScript definition (test/fit/orthant-newton-reference.ts, the library's solver before the move,
 * on the same quadratic model newtonL1 builds): the point and the convergence flag, bit for bit.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SmoothHess } from "../../src/fit/optim-common.js";
import { subproblem } from "../../src/fit/newton-l1.js";
import { type Mt19937, mt19937 } from "../../src/random/mt19937.js";
import { orthantNewton } from "./orthant-newton-reference.js";

/** newtonL1's local model around c: gᵀs + ½sᵀMs, s = x − c, with its gradient and matrix. */
function model(c: Float64Array, g: Float64Array, M: Float64Array): SmoothHess {
  const k = c.length;
  const s = new Float64Array(k);
  return (x, grad, hess) => {
    let q = 0;
    for (let i = 0; i < k; i++) s[i] = x[i] - c[i];
    for (let i = 0; i < k; i++) {
      let Mr = 0;
      for (let j = 0; j < k; j++) Mr += M[i * k + j] * s[j];
      q += s[i] * (g[i] + 0.5 * Mr);
      if (grad) grad[i] = g[i] + Mr;
    }
    if (hess) hess.set(M);
    return q;
  };
}

/** A symmetric k×k matrix BBᵀ + shift·I: positive definite for shift > 0, singular or indefinite below. */
function matrix(rng: Mt19937, k: number, rank: number, shift: number): Float64Array {
  const B = Float64Array.from({ length: k * rank }, () => rng.normal() * Math.exp(2 * rng.normal()));
  const M = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let r = 0; r < rank; r++) s += B[i * rank + r] * B[j * rank + r];
      M[i * k + j] = s + (i === j ? shift : 0);
    }
  return M;
}

describe("the proximal Newton subproblem in WebAssembly", () => {
  it("reaches the JavaScript definition's point and verdict bit for bit on varied problems", () => {
    const rng = mt19937(11);
    const verdicts = { converged: 0, not: 0 };
    for (let trial = 0; trial < 400; trial++) {
      const k = 1 + rng.interval(19);
      const kind = trial % 4;
      // Positive definite, rank-deficient (singular), indefinite, and badly scaled.
      const M =
        kind === 0
          ? matrix(rng, k, k, 1e-3)
          : kind === 1
            ? matrix(rng, k, Math.max(1, k >> 1), 0)
            : kind === 2
              ? matrix(rng, k, k, -0.5)
              : matrix(rng, k, k, 1e-12);
      const c = Float64Array.from({ length: k }, () => (rng.random() < 0.3 ? 0 : rng.normal()));
      const g = Float64Array.from({ length: k }, () => rng.normal() * 0.1);
      const w = Float64Array.from({ length: k }, () => (rng.random() < 0.2 ? 0 : 0.0025 * Math.exp(rng.normal())));
      const tol = [1e-15, 1e-10, 1e-6, 1e-3][rng.interval(3)];
      const maxIter = trial % 7 === 0 ? 1 + rng.interval(4) : 200;
      const want = orthantNewton(model(c, g, M), c, w, { tol, maxIter });
      const got = subproblem(c, g, M, w, tol, maxIter);
      const same = want.theta.every((v, j) => Object.is(v, got.theta[j]));
      assert.ok(same && want.converged === got.converged, `trial ${trial}: k = ${k}, kind ${kind}, tol ${tol}`);
      verdicts[got.converged ? "converged" : "not"]++;
    }
    assert.ok(verdicts.converged > 100 && verdicts.not > 10, JSON.stringify(verdicts));
  });

  it("returns its start, not converged, where the model is not finite there", () => {
    const c = Float64Array.of(0.5, -1);
    const g = Float64Array.of(NaN, 0);
    const M = Float64Array.of(1, 0, 0, 1);
    const w = Float64Array.of(0.1, 0.1);
    const want = orthantNewton(model(c, g, M), c, w, { tol: 1e-10, maxIter: 200 });
    const got = subproblem(c, g, M, w, 1e-10, 200);
    assert.deepEqual([Array.from(got.theta), got.converged], [Array.from(want.theta), false]);
  });
});
