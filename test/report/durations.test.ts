/** The report build's notebook timings and the order they give (src/report/durations.ts). */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { heavyCells, longestFirst, readDurations } from "../../src/report/durations.js";
import { tempDir } from "../fixtures/sheets.js";

it("starts never-timed notebooks first in file order, then the timed ones longest first", () => {
  // Hand-computed: c is untimed; then b (30 s), d (5 s), a (1 s); e ties with d and comes after it.
  assert.deepEqual(longestFirst(["a", "b", "c", "d", "e"], { a: 1, b: 30, d: 5, e: 5 }), [2, 1, 3, 4, 0]);
  assert.deepEqual(longestFirst(["x", "y"], {}), [0, 1]);
  // A notebook named like an Object.prototype member is not taken for a timed one.
  assert.deepEqual(longestFirst(["constructor", "b"], readDurations("/nonexistent/durations.json")), [0, 1]);
});

it("reads timings back, and treats a missing or damaged file as no timings", () => {
  const dir = tempDir("durations-");
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  assert.deepEqual(
    { ...readDurations(file("ok.json", '{"01-data": 4.2, "__proto__": 3}')) },
    JSON.parse('{"01-data": 4.2, "__proto__": 3}'),
  );
  assert.deepEqual({ ...readDurations(join(dir, "missing.json")) }, {});
  for (const bad of ["{", "[1, 2]", "null", '{"a": -1}', '{"a": "3"}', '{"a": 1e999}'])
    assert.deepEqual({ ...readDurations(file("bad.json", bad)) }, {}, bad);
});

it("starts never-timed notebooks with more heavy cells first, and counts a notebook's heavy cells", () => {
  // Hand-computed: a, b, c untimed with 0, 3, 1 heavy cells → b, c, a; a timed one after them.
  assert.deepEqual(longestFirst(["a", "b", "c"], {}, [0, 3, 1]), [1, 2, 0]);
  assert.deepEqual(longestFirst(["a", "b", "c"], { b: 9 }, [0, 3, 1]), [2, 0, 1]);
  const nb = (cells: { cell_type: string; source: string | string[] }[]) => JSON.stringify({ cells });
  assert.equal(
    heavyCells(
      nb([
        {
          cell_type: "code",
          source: ["const s = await ap.cvGrid(head, {\n", '  onProgress: ap.cellProgress("cv") });'],
        },
        { cell_type: "markdown", source: "Each heavy cell calls `cellProgress(label)`." },
        { cell_type: "code", source: "const p = ap.cellProgress('a'); const q = ap.cellProgress('b');" },
        { cell_type: "code", source: "const myCellProgress = 1;" },
      ]),
    ),
    2,
  );
  // The embedded notebooks: chapters 3 and 5 hold the long cross-validations and bootstraps.
  const counts = ["01-data", "03-model-comparison", "05-robustness"].map((n) =>
    heavyCells(readFileSync(join("notebooks", `${n}.ipynb`), "utf8")),
  );
  assert.ok(counts[0] === 0 && counts[1] > 0 && counts[2] > 0, String(counts));
});
