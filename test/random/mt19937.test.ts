import assert from "node:assert/strict";
import { it } from "node:test";
import { mt19937, permutation, resampleIndices } from "../../src/random/mt19937.js";

it("matches the reference MT19937 output for seed 5489", () => {
  // First outputs of the reference implementation (Matsumoto & Nishimura) with init_genrand(5489).
  const g = mt19937(5489);
  assert.deepEqual([g.next32(), g.next32(), g.next32()], [3499211612, 581869302, 3890346734]);
});

it("reproduces NumPy's bootstrap indices for seed 0, m = 231 (docs/method.md §5.18)", () => {
  assert.deepEqual([...resampleIndices(mt19937(0), 231).slice(0, 10)], [172, 47, 117, 192, 67, 195, 103, 9, 211, 21]);
});

it("reproduces NumPy's hold-out permutation for seed 1, n = 231 (§5.18)", () => {
  assert.deepEqual([...permutation(mt19937(1), 231).slice(0, 10)], [78, 150, 171, 228, 190, 88, 210, 116, 214, 62]);
});

it("normal draws have mean 0 and variance 1", () => {
  const g = mt19937(3);
  const xs = Array.from({ length: 20000 }, () => g.normal());
  const mean = xs.reduce((a, b) => a + b) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(v - 1) < 0.04, `${mean} ${v}`);
});
