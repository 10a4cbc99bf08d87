import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { it } from "node:test";
import { RULES_SHEET, RULES_STAGES, sheetCsv, writeTemp } from "../fixtures/sheets.js";

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8" });

it("`clean --json` prints the stages, the head sample and the excluded rows with their rules", () => {
  const r = cli("clean", "--data", writeTemp("s.csv", sheetCsv(RULES_SHEET)), "--json");
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as {
    stages: typeof RULES_STAGES;
    head: { system: string }[];
    excluded: { system: string; benchmark: string | null; rule: string }[];
  };
  assert.deepEqual(j.stages, RULES_STAGES);
  assert.equal(j.head.length, RULES_STAGES.head);
  assert.deepEqual(
    j.excluded.find((e) => e.system === "A4"),
    { system: "A4", benchmark: "wt103", rule: "top-3", line: 5 },
  );
});

it("`clean` prints a readable table; bad input exits 1 with a located message; usage errors exit 2", () => {
  const ok = cli("clean", "--data", writeTemp("s.csv", sheetCsv(RULES_SHEET)));
  assert.equal(ok.status, 0);
  assert.match(ok.stdout, /step 17: top 3 per paper = main \(head\) sample\s+7/);
  const bad = cli("clean", "--data", writeTemp("bad.csv", "System;x\n"));
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /bad\.csv:1: header is not comma-separated/);
  assert.equal(cli("clean").status, 2);
  assert.equal(cli("frobnicate").status, 2);
});
