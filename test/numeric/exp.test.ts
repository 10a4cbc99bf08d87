import assert from "node:assert/strict";
import { it } from "node:test";
import { fdlibmExp } from "../../src/numeric/exp.js";
import { mt19937 } from "../../src/random/mt19937.js";

it("equals V8's Math.exp bit for bit over a million arguments across the whole range", () => {
  const g = mt19937(5);
  const scales = [1e-9, 1e-3, 0.3, 0.5, 1, 3, 30, 300, 700, 740];
  let mismatches = 0;
  for (let i = 0; i < 1_000_000; i++) {
    const x = scales[i % scales.length] * (2 * g.random() - 1);
    if (!Object.is(fdlibmExp(x), Math.exp(x))) mismatches++;
  }
  assert.equal(mismatches, 0);
});

it("handles the branch points and special values as fdlibm does", () => {
  const special = [
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    709.782712893384,
    709.79,
    708,
    708.0000001,
    -708,
    -708.4,
    -709,
    -744,
    -745.1332191019411,
    -745.14,
    1e-300,
    -1e-300,
    2 ** -28,
    -(2 ** -28),
    2 ** -29,
    Math.LN2 / 2,
    -Math.LN2 / 2,
    1.5 * Math.LN2,
    -1.5 * Math.LN2,
    0.34657359027997264,
    1.0397207708399179,
  ];
  for (const x of special)
    assert.ok(Object.is(fdlibmExp(x), Math.exp(x)), `exp(${x}): ${fdlibmExp(x)} vs ${Math.exp(x)}`);
});

it("differs from V8's Math.exp at x = 1 only, where V8 special-cases Math.E and fdlibm is one ulp above", () => {
  // V8's ieee754::exp returns E for x == 1 (its comment: the algorithm gets the last bit wrong).
  assert.equal(Math.exp(1), Math.E);
  assert.equal(fdlibmExp(1), 2.7182818284590455);
  const next = new Float64Array([Math.E]);
  new BigInt64Array(next.buffer)[0] += 1n;
  assert.equal(fdlibmExp(1), next[0], "one ulp above Math.E");
  for (const x of [0.9999999999999999, 1.0000000000000002])
    assert.ok(Object.is(fdlibmExp(x), Math.exp(x)), `exp(${x})`);
});
