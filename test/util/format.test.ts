import assert from "node:assert/strict";
import { it } from "node:test";
import {
  compact,
  fixed,
  NOT_FINITE,
  prose,
  range,
  scientific,
  significant,
  withInterval,
} from "../../src/util/format.js";

it("writes a number that is not finite as a dash, whatever the format", () => {
  for (const x of [NaN, Infinity, -Infinity])
    for (const f of [
      (v: number) => fixed(v, 1),
      (v: number) => significant(v, 3),
      (v: number) => scientific(v, 2),
      compact,
    ])
      assert.equal(f(x), NOT_FINITE);
});

it("fixed: the decimals asked for, no sign on a value that rounds to zero, no grouping", () => {
  assert.equal(fixed(8.437, 1), "8.4");
  assert.equal(fixed(0.5, 2), "0.50");
  assert.equal(fixed(-0.04, 1), "0.0"); // (-0.04).toFixed(1) is "-0.0"
  assert.equal(fixed(-0.06, 1), "-0.1");
  assert.equal(fixed(1234567.25, 1), "1234567.3");
  // Rounds the number as it reads (1.005), not the double's binary value 1.00499999999999989…
  // that toFixed rounds ("1.00"): a tie in the digits shown goes up.
  assert.equal(fixed(1.005, 2), "1.01");
  assert.equal(fixed(24, 0), "24");
});

it("significant: plain digits between 1e-4 and 1e6, scientific outside; trailing zeros kept", () => {
  assert.equal(significant(0.0702264, 5), "0.070226");
  assert.equal(significant(0.07, 5), "0.070000"); // as (0.07).toPrecision(5)
  assert.equal(significant(12345.67, 5), "12346");
  assert.equal(significant(123456789, 3), "1.23e+8");
  assert.equal(significant(1.5e-5, 2), "1.5e-5");
  assert.equal(significant(-0.0004, 1), "-0.0004");
});

it("compact: integers whole, up to 4 significant digits, extremes in scientific notation", () => {
  assert.equal(compact(3), "3");
  assert.equal(compact(2.718281828), "2.718");
  assert.equal(compact(0.0025), "0.0025");
  assert.equal(compact(1.5e-5), "1.50e-5");
  assert.equal(compact(2.5e9), "2.50e+9");
});

it("ranges and intervals use an en dash without spaces", () => {
  assert.equal(
    range(9.64, 11.11, (x) => fixed(x, 1)),
    "9.6–11.1",
  );
  assert.equal(
    withInterval(8.44, 4.52, 14.27, (x) => fixed(x, 1)),
    "8.4 (4.5–14.3)",
  );
  assert.equal(
    withInterval(NaN, 1, 2, (x) => fixed(x, 1)),
    "— (1.0–2.0)",
  );
});

it("prose: integers whole, 3 significant digits (4 from 100 up), powers of ten written out", () => {
  assert.equal(prose(231), "231");
  assert.equal(prose(8.4362), "8.44");
  assert.equal(prose(144.34), "144.3");
  assert.equal(prose(48532110.7), "4.85 × 10⁷");
  assert.equal(prose(1e25), "1 × 10²⁵");
  assert.equal(prose(103227021), "1.03 × 10⁸");
  assert.equal(prose(-2.5e-5), "-2.5 × 10⁻⁵");
  assert.equal(prose(NaN), NOT_FINITE);
});
