import assert from "node:assert/strict";
import { it } from "node:test";
import { pairwiseSum } from "../../src/stats/pairwise.js";

// Expected values printed by NumPy 1.24.2 (`np.sum`); the plain running sum differs in each case.
it("sums in NumPy's pairwise order", () => {
  assert.equal(pairwiseSum(new Float64Array(10).fill(0.1)), 1.0); // running sum: 0.9999999999999999
  // NumPy's pairwise value; a running sum gives …343.
  assert.equal(pairwiseSum(Float64Array.from({ length: 1000 }, (_, k) => 1 / (k + 1))), 7.485470860550345);
  assert.equal(
    pairwiseSum(Float64Array.from({ length: 300 }, (_, k) => ((k % 7) - 3) * 0.1 + 1 / (k + 1))),
    5.982663880299504,
  ); // running: …502
});

it("sums a window of an array", () => {
  assert.equal(pairwiseSum([5, 1, 2, 3, 7], 1, 3), 6);
  assert.equal(pairwiseSum([]), 0);
});
