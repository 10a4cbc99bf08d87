import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { it } from "node:test";
import { realisticSheet, writeTemp } from "../fixtures/sheets.js";

it("`fit --json` reports parameters, doubling times and a seeded, reproducible bootstrap", () => {
  const file = writeTemp("s.csv", realisticSheet(40));
  const run = () =>
    spawnSync(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "fit", "--data", file, "--bootstrap", "12", "--seed", "3", "--json"],
      { encoding: "utf8" },
    );
  const a = run();
  assert.equal(a.status, 0, a.stderr);
  const j = JSON.parse(a.stdout);
  assert.equal(j.model, "7");
  assert.equal(j.n, 36);
  assert.deepEqual(Object.keys(j.params).slice(0, 3), ["alpha_const", "alpha_const_ptb", "alpha_const_wt2"]);
  assert.ok(
    Math.abs(
      j.doubling.computeMonths -
        (12 * Math.LN2) / (j.params.alpha_year / j.params.alpha_param + j.params.beta_year / j.params.beta_data),
    ) < 1e-9,
  );
  assert.equal(j.bootstrap.replicates, 12);
  assert.equal(j.bootstrap.failed, 0);
  const b = JSON.parse(run().stdout);
  assert.deepEqual(b.bootstrap.computeMonths, j.bootstrap.computeMonths, "same seed, same numbers");
  const bad = spawnSync(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "fit", "--data", file, "--estimator", "magic"],
    { encoding: "utf8" },
  );
  assert.equal(bad.status, 2);
});
