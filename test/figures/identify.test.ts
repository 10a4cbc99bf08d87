import assert from "node:assert/strict";
import { it } from "node:test";
import { selectionBiasFigure } from "../../src/figures/identify.js";

const row = (correlation: number, median: number, low: number, high: number) => ({
  correlation,
  trueMonths: 10,
  median,
  low,
  high,
  bias: median - 10,
  failed: 0,
});

it("selection-bias figure: a band reaching rates ≤ 0 is cut at the axis and the legend says where", () => {
  const fig = selectionBiasFigure([row(0, 10, 8, 12), row(0.6, 20, -500, 90)], "c");
  const layout = fig.layout as { yaxis: { range: number[] } };
  assert.deepEqual(layout.yaxis.range, [0, 60]); // 3 × the largest median or truth (20)
  assert.match(String(fig.data[0].name), /cut at the axis at ρ = 0\.6: rates ≤ 0 or halving times over 60 months/);
});

it("selection-bias figure: a band inside the axis is not marked", () => {
  const fig = selectionBiasFigure([row(0, 10, 8, 12), row(0.6, 12, 9, 15)], "c");
  assert.equal(fig.data[0].name, "95 % of simulated datasets");
});
