/**
 * SLSQP on small problems whose SciPy results are known. Expected values were printed by
 * SciPy 1.10.1 (Debian's python3-scipy) with `minimize(f, x0, method="SLSQP", options=…)`:
 * the two objectives below are pure arithmetic, so the paths agree to the last bit.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { SLSQP_FD_STEP, forwardStep, slsqp } from "../../src/fit/slsqp.js";

const rosen = (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;

it("reaches the minimum of a quadratic in SciPy's three iterations and twelve evaluations", () => {
  const r = slsqp((x) => (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2, new Float64Array(2));
  assert.deepEqual([r.nit, r.nfev, r.njev, r.status, r.success], [3, 12, 3, 0, true]);
  // SciPy: x = [1.0000000001443217, -2.0000000033245526], fun = 1.1054733085158514e-16.
  assert.deepEqual(Array.from(r.theta), [1.0000000001443217, -2.0000000033245526]);
  assert.equal(r.objective, 1.1054733085158514e-16);
});

it("follows SciPy's path on Rosenbrock's function from (−1.2, 1): 34 iterations, 115 evaluations", () => {
  const r = slsqp(rosen, Float64Array.from([-1.2, 1]));
  assert.deepEqual([r.nit, r.nfev, r.status], [34, 115, 0]);
  assert.deepEqual(Array.from(r.theta), [0.9999176256334543, 0.9998424849334933]);
  assert.equal(r.objective, 1.2008317232534005e-8);
  assert.equal(r.message, "Optimization terminated successfully");
});

it("stops at the iteration limit as SciPy does: maxiter k takes k − 1 steps and reports nit = k, exit mode 9", () => {
  // SciPy's (nit, nfev) for maxiter 1…5: (1, 3), (2, 10), (3, 14), (4, 18), (5, 21).
  const nfev = [3, 10, 14, 18, 21];
  for (let k = 1; k <= 5; k++) {
    const r = slsqp(rosen, Float64Array.from([-1.2, 1]), { maxIter: k });
    assert.deepEqual([r.nit, r.nfev, r.status, r.success], [k, nfev[k - 1], 9, false], `maxiter ${k}`);
    assert.equal(r.message, "Iteration limit reached");
  }
  // SciPy, maxiter 3: x = [-0.48877666529675545, 0.18144812765217444].
  assert.deepEqual(
    Array.from(slsqp(rosen, Float64Array.from([-1.2, 1]), { maxIter: 3 }).theta),
    [-0.48877666529675545, 0.18144812765217444],
  );
});

it("uses SciPy's forward-difference step: 2^−26 absolute, relative where x + h would equal x", () => {
  assert.equal(SLSQP_FD_STEP, 2 ** -26);
  assert.equal(forwardStep(0, SLSQP_FD_STEP), 2 ** -26);
  assert.equal(forwardStep(-3, SLSQP_FD_STEP), -3 + 2 ** -26);
  // 1e9 + 2^−26 rounds back to 1e9, so SciPy steps by 2^−26·max(1, |x|) with the sign of x.
  assert.equal(forwardStep(1e9, SLSQP_FD_STEP), 1e9 + 2 ** -26 * 1e9);
  assert.equal(forwardStep(-1e9, SLSQP_FD_STEP), -1e9 - 2 ** -26 * 1e9);
});

it("counts every evaluation, finite differences included, and reuses f at the point it differentiates", () => {
  // SciPy's log of the quadratic above: 12 evaluations = 1 + 3 gradients × 2 + 5 line-search steps.
  const seen: string[] = [];
  const r = slsqp(
    (x) => (seen.push(Array.from(x).join()), (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2),
    new Float64Array(2),
  );
  assert.equal(r.nfev, seen.length);
  assert.equal(new Set(seen).size, seen.length, "no point is evaluated twice");
  assert.equal(seen[1], `${2 ** -26},0`);
});

it("refuses more parameters than the kernel holds, with the limit in the message", () => {
  const f = (x: Float64Array) => x.reduce((a, v) => a + (v - 1) ** 2, 0);
  assert.throws(() => slsqp(f, new Float64Array(65)), /65 parameters \(the kernel takes at most 64\)/);
  assert.equal(slsqp(f, new Float64Array(64)).status, 0);
});

it("refuses an objective that starts another run from inside its own evaluation", () => {
  const inner = (x: Float64Array) => x.reduce((a, v) => a + v * v, 0);
  const outer = (x: Float64Array) => slsqp(inner, x).objective;
  assert.throws(() => slsqp(outer, new Float64Array(2)), /started another slsqp run/);
  assert.equal(slsqp(inner, new Float64Array([1, 2])).status, 0, "the guard is released after the refusal");
});
