import assert from "node:assert/strict";
import { it } from "node:test";
import { undrawableTraces } from "../../src/figures/plotly.js";

it("names each trace type the report's plotly.js cannot draw once, a trace without a type being a scatter", () => {
  assert.deepEqual(undrawableTraces({ data: [{ x: [1] }, { type: "bar" }, { type: "contour" }], layout: {} }), []);
  assert.deepEqual(
    undrawableTraces({
      data: [{ type: "scatter3d" }, { type: "sankey" }, { type: "scatter3d" }, { type: "heatmap" }],
      layout: {},
    }),
    ["scatter3d", "sankey"],
  );
  assert.deepEqual(undrawableTraces({ data: [], layout: {} }), []);
});
