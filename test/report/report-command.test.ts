import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { reportCommand } from "../../src/cli/report.js";
import { notebookParams } from "../../src/notebook/params.js";
import { BuildError, buildReport } from "../../src/report/build.js";
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

it("front matter that is missing or malformed fails the build at once, naming the file", async () => {
  const nbDir = tempDir("front-nb-");
  writeFileSync(join(nbDir, "01-only.ipynb"), JSON.stringify(makeNotebook(["md:# Only", 'console.log("hi");'])));
  const front = tempDir("front-");
  writeFileSync(join(front, "abstract.md"), "A");
  writeFileSync(join(front, "references.bib"), "");
  const build = (log: string[]) =>
    buildReport({
      params: { ...notebookParams(), bootstrap: 4 },
      notebooksDir: nbDir,
      outDir: tempDir("front-out-"),
      frontDir: front,
      force: false,
      pdf: false,
      log: (l) => log.push(l),
    });
  for (const [text, why] of [
    ['{"title": "T",', /front\.json: .*JSON/],
    ['{"title": "T"}', /front\.json: needs "title" and "subtitle", each a string/],
  ] as const) {
    writeFileSync(join(front, "front.json"), text);
    const log: string[] = [];
    await assert.rejects(build(log), (e: unknown) => e instanceof BuildError && why.test(e.message));
    assert.deepEqual(log, [], "no notebook ran");
  }
  writeFileSync(join(front, "front.json"), '{"title": "T", "subtitle": "S"}');
  rmSync(join(front, "abstract.md"));
  await assert.rejects(build([]), (e: unknown) => e instanceof BuildError && /abstract\.md: .*ENOENT/.test(e.message));
});
