import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { reportCommand } from "../../src/cli/report.js";
import { realisticSheet, tempDir, writeTemp } from "../fixtures/sheets.js";
import { makeNotebook } from "../notebook/runner.test.js";

it("a report whose prose names a value no notebook recorded fails in one line, naming it", async () => {
  // The project's abstract uses values the full set of notebooks records; one notebook records none.
  const nbDir = tempDir("one-nb-");
  writeFileSync(join(nbDir, "01-only.ipynb"), JSON.stringify(makeNotebook(["md:# Only", 'console.log("hi");'])));
  const data = writeTemp(
    "one.csv",
    realisticSheet(12, (i) => `Sys-${i}`),
  );
  let err = "";
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof write;
  let code: number;
  try {
    code = await reportCommand([
      "--notebooks",
      nbDir,
      "--out",
      tempDir("one-out-"),
      "--no-pdf",
      "--data",
      data,
      "--bootstrap",
      "4",
    ]);
  } finally {
    process.stderr.write = write;
  }
  assert.equal(code, 1);
  const last = err.trim().split("\n").pop()!;
  assert.match(last, /^report build failed: .*\{\{\w+\}\}|^report build failed: .*(placeholder|value)/);
  assert.doesNotMatch(err, /\n\s+at /, "no stack trace");
});
