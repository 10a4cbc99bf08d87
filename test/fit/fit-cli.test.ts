import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { simulate } from "./simulate.js";

/** A plain-table CSV (`year,param,dataset,benchmark,log_ppl`) of simulated model-7 rows. */
function tableFile(m: number): string {
  const d = simulate(m, 31, { sigma: 0.1 });
  const lines = ["year,param,dataset,benchmark,log_ppl"];
  for (let i = 0; i < m; i++)
    lines.push([d.t[i], d.N[i], d.D[i], d.P[i] ? "ptb" : d.W[i] ? "wt2" : "wt103", d.y[i]].join(","));
  const file = join(mkdtempSync(join(tmpdir(), "fit-cli-")), "table.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

it("`fit --json` reports the fit, its doubling times and a bootstrap summary in the documented shape", () => {
  const file = tableFile(120);
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "fit", "--data", file, "--bootstrap", "8", "--threads", "1", "--json"],
    { encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.model, "7");
  assert.equal(j.delta, 0.0025);
  assert.equal(j.estimator, "faithful");
  assert.equal(j.n, 120);
  assert.ok(Number.isFinite(j.objective) && typeof j.converged === "boolean");
  assert.deepEqual(Object.keys(j.params).slice(0, 3), ["alpha_const", "alpha_const_ptb", "alpha_const_wt2"]);
  const tc = (12 * Math.LN2) / (j.params.alpha_year / j.params.alpha_param + j.params.beta_year / j.params.beta_data);
  assert.ok(Math.abs(j.doubling.computeMonths - tc) < 1e-9);
  assert.equal(j.bootstrap.replicates, 8);
  assert.equal(typeof j.bootstrap.failed, "number");
  assert.ok(
    j.bootstrap.computeMonths.p2_5 <= j.bootstrap.computeMonths.p50 &&
      j.bootstrap.computeMonths.p50 <= j.bootstrap.computeMonths.p97_5,
  );
  assert.ok(j.timingsMs.fit > 0 && j.timingsMs.bootstrap > 0);
});

it("`fit` rejects an unknown estimator or model with a usage error", () => {
  const file = tableFile(30);
  for (const args of [
    ["--estimator", "ols"],
    ["--model", "21"],
  ]) {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "fit", "--data", file, ...args], {
      encoding: "utf8",
    });
    assert.equal(r.status, 2, r.stderr);
  }
});
