import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { it } from "node:test";
import { parseModels } from "../../src/cli/cv.js";
import { realisticSheet, writeTemp } from "../fixtures/sheets.js";

it("parses model lists and rejects unknown models", () => {
  assert.deepEqual(parseModels("1-3,7,13-14"), ["1", "2", "3", "7", "13", "14"]);
  assert.throws(() => parseModels("21"), /unknown model "21"/);
});

it("`cv --json` ranks the grid by held-out MSE", () => {
  const file = writeTemp("s.csv", realisticSheet(40));
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "cv",
      "--data",
      file,
      "--protocol",
      "paper",
      "--models",
      "7,16",
      "--deltas",
      "0,0.0025",
      "--json",
    ],
    { encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { ranking: { model: string; delta: number; mse: number }[] };
  assert.equal(j.ranking.length, 4);
  for (let i = 1; i < j.ranking.length; i++) assert.ok(j.ranking[i - 1].mse <= j.ranking[i].mse);
});
