import assert from "node:assert/strict";
import { it } from "node:test";
import { cellProgress, recordValues } from "../../src/notebook/params.js";

it("refuses to record a number that is not finite, naming the key", () => {
  assert.throws(() => recordValues({ ok: 1, halving: NaN }), /"halving" is NaN/);
  assert.deepEqual(recordValues({ ok: 1, text: "not defined" }), { ok: 1, text: "not defined" });
});

it("a notebook cell's progress prints outside a report build and is silent inside one", () => {
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    delete process.env.ALGOPROGRESS_VALUES;
    const show = cellProgress("grid");
    [1, 2].forEach((k) => show(k, 2));
    process.env.ALGOPROGRESS_VALUES = "/nonexistent/values.json";
    const silent = cellProgress("grid");
    [1, 2].forEach((k) => silent(k, 2));
  } finally {
    console.log = log;
    delete process.env.ALGOPROGRESS_VALUES;
  }
  assert.deepEqual(printed, ["grid: 1/2", "grid: 2/2"]);
});
