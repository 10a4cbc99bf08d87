import assert from "node:assert/strict";
import { it } from "node:test";
import { interval95, medianIntervalText, percentile, populationSd } from "../../src/stats/percentile.js";

it("interpolates like NumPy's default (type 7)", () => {
  // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 97.5, 100]) = [1, 1.75, 2.5, 3.925, 4]
  assert.deepEqual(
    [0, 25, 50, 97.5, 100].map((p) => Number(percentile([4, 1, 3, 2], p).toFixed(10))),
    [1, 1.75, 2.5, 3.925, 4],
  );
  assert.equal(percentile([7], 2.5), 7);
});

it("counts non-finite values instead of hiding them", () => {
  const r = interval95([1, 2, Infinity, NaN, 3]);
  assert.equal(r.nonFinite, 2);
  assert.equal(r.p50, 2);
  assert.throws(() => percentile([1, NaN], 50), /NaN/);
});

it("population SD divides by n", () => assert.equal(populationSd([1, 3]), 1));

it("writes a median and interval as text, and says when none is defined", () => {
  assert.equal(medianIntervalText(interval95([1, 2, 3, 4, 5])), "3.0 (1.1–4.9)");
  assert.equal(medianIntervalText(interval95([NaN, Infinity])), "not defined (no replicate gives a finite value)");
});
