import assert from "node:assert/strict";
import { it } from "node:test";
import { specGrid, specificationCurve } from "../../src/robustness/spec-curve.js";
import { simulate } from "../fit/simulate.js";
import { simulatedRows } from "./simulated-rows.js";

it("estimates a repeat of an earlier specification (rows, model, penalty, estimator) once, and marks it", async () => {
  // Three rows per paper, and the "corrected" table is the same table: top 3 keeps every row, as
  // all rows does, and each target gives the same sample. Grid order: (top-3, top-1, all) × (as
  // published, corrected).
  const rows = simulatedRows(simulate(60, 41, { sigma: 0.05 }));
  const totals: number[] = [];
  const specs = await specificationCurve(
    rows,
    rows,
    specGrid(["7"], [0.0025], ["faithful"]),
    { B: 4, seed: 1 },
    (_, t) => totals.push(t),
  );
  assert.deepEqual(
    specs.map((s) => s.repeats),
    [undefined, 0, undefined, 2, 0, 0],
  );
  for (const s of specs) if (s.repeats !== undefined) assert.deepEqual(s.estimate, specs[s.repeats].estimate);
  assert.notDeepEqual(specs[2].estimate, specs[0].estimate); // top 1 is another sample
  assert.ok(
    totals.every((t) => t === 2),
    `progress over the two distinct specifications: ${totals}`,
  );
});
