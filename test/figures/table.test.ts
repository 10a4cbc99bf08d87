import assert from "node:assert/strict";
import { it } from "node:test";
import { tableHtml } from "../../src/figures/table.js";

it("never prints NaN or Infinity: an undefined number is a dash", () => {
  const html = tableHtml({ caption: "c", columns: ["a", "b"], rows: [[NaN, -Infinity]] });
  assert.doesNotMatch(html, /NaN|Infinity/);
});

it("writes numbers compactly, or to the fixed digits the table asks for", () => {
  const html = tableHtml({ caption: "c", columns: ["a", "b", "c"], rows: [[3, 2.718281828, 1.5e-5]] });
  assert.match(html, /<td class="num">3<\/td><td class="num">2.718<\/td><td class="num">1.50e-5<\/td>/);
  assert.match(tableHtml({ caption: "c", columns: ["a"], rows: [[0.5]], digits: 2 }), />0.50</);
});
