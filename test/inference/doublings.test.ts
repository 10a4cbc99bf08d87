import assert from "node:assert/strict";
import { it } from "node:test";
import { model } from "../../src/fit/models.js";
import { doublingSummaryTable } from "../../src/figures/fit.js";
import type { BootstrapResult, Replicate } from "../../src/inference/bootstrap.js";
import { bootstrapDoublings } from "../../src/inference/doublings.js";
import { median } from "simple-statistics";

// Three hand-made replicates of model 4 (per-benchmark α_year): every context's T_C follows from
// §5.1's closed form, so the medians below are computed independently of the code under test.
const m4 = model("4").params;
const at = (alphaYear: number, betaYear: number) =>
  m4.map(
    (n) =>
      ({
        alpha_const: 1,
        alpha_year: alphaYear,
        alpha_year_ptb: 0.01,
        alpha_year_wt2: -0.002,
        alpha_param: 0.07,
        beta_const: 1,
        beta_year: betaYear,
        beta_data: 0.04,
      })[n]!,
  );
const rep = (theta: number[], objective = 0.05): Replicate => ({
  theta,
  objective,
  converged: true,
  TC: NaN,
  TN: NaN,
  TD: NaN,
  numerical: [],
});
const boot: BootstrapResult = {
  replicates: [rep(at(0.004, 0.035)), rep(at(0.006, 0.03)), rep(at(0.005, 0.04)), rep(at(9, 9), Infinity)],
  failed: 1,
  nonConverged: 0,
  seed: 1,
  cluster: false,
  threads: 1,
} as BootstrapResult;

it("summarises every context of a per-benchmark model, skipping failed replicates, T_C in months", () => {
  const s = bootstrapDoublings("4", boot);
  assert.deepEqual(
    s.contexts.map((c) => c.label),
    ["wt103", "ptb", "wt2"],
  );
  const ptb = [at(0.004, 0.035), at(0.006, 0.03), at(0.005, 0.04)].map(
    // T_C = ln2/(g_N + g_D), g_N = (α_year + α_year_ptb)/α_param, g_D = β_year/β_data (§5.1).
    (th) => Math.LN2 / ((th[m4.indexOf("alpha_year")] + 0.01) / 0.07 + th[m4.indexOf("beta_year")] / 0.04),
  );
  assert.ok(Math.abs(s.contexts[1].computeMonths.p50 - 12 * median(ptb)) < 1e-12);
  assert.equal(s.contexts[1].computeMonths.n, 3, "the failed replicate is not summarised");
  assert.equal(s.numericalMonths.n + s.numericalMonths.nonFinite, 0, "no numerical Δ was computed");
});

it("the table has one block of rows per context and no Δ row when Δ was not computed", () => {
  const t = doublingSummaryTable(bootstrapDoublings("4", boot), "caption");
  assert.equal(t.rows.length, 9);
  assert.match(String(t.rows[5][0]), /T_C .*\(ptb\)/);
});
