import assert from "node:assert/strict";
import { it } from "node:test";
import { progressLines } from "../../src/util/progress.js";

it("writes one line per quarter of the work, the last at completion, whatever the updates' steps", () => {
  const lines: string[] = [];
  const update = progressLines("cv", 120, (l) => lines.push(l));
  for (let k = 1; k <= 120; k++) update(k);
  assert.deepEqual(lines, ["cv: 30/120", "cv: 60/120", "cv: 90/120", "cv: 120/120"]);
  const jumps: string[] = [];
  const jump = progressLines("b", 7, (l) => jumps.push(l));
  [1, 5, 7].forEach(jump);
  assert.deepEqual(jumps, ["b: 5/7", "b: 7/7"]);
});
