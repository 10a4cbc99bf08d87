import assert from "node:assert/strict";
import { it } from "node:test";
import { gather } from "../../src/util/gather.js";

it("gathers values in index order, repeats included", () => {
  // Expected values written out by hand from the indices.
  assert.deepEqual(gather([10, 20, 30], [2, 0, 2]), Float64Array.of(30, 10, 30));
  assert.deepEqual(gather(Float64Array.of(1.5, -0), Uint32Array.of(1, 1, 0)), Float64Array.of(-0, -0, 1.5));
  assert.deepEqual(gather([1, 2], []), new Float64Array(0));
});
