import assert from "node:assert/strict";
import { it } from "node:test";
import { formatNumber, tableHtml } from "../../src/figures/table.js";

it("never prints NaN or Infinity: an undefined number is a dash", () => {
  for (const x of [NaN, Infinity, -Infinity]) assert.equal(formatNumber(x), "—");
  const html = tableHtml({ caption: "c", columns: ["a", "b"], rows: [[NaN, -Infinity]] });
  assert.doesNotMatch(html, /NaN|Infinity/);
});

it("formats finite numbers compactly or to fixed digits", () => {
  assert.equal(formatNumber(3), "3");
  assert.equal(formatNumber(2.718281828), "2.718");
  assert.equal(formatNumber(1.5e-5), "1.50e-5");
  assert.equal(formatNumber(0.5, 2), "0.50");
});
