/**
 * The report's abstract states a halving time only where the data identify the rate (docs/method.md
 * §5.1): a real report build (the core-model notebook executed by the build, the abstract rendered
 * from its recorded headline) on data simulated from model 7 twice, once with no algorithmic
 * progress and once with an 8-month halving time.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { projectRoot } from "../../src/notebook/params.js";
import { buildReport } from "../../src/report/build.js";
import { tempDir } from "../fixtures/sheets.js";
import { TRUTH7, simulate } from "../fit/simulate.js";

const root = projectRoot();
/** Growth rate of effective compute (per year) whose halving time is 8 months: ln 2 / (8/12). */
const G_8_MONTHS = Math.LN2 / (8 / 12);
/** TRUTH7's own rate g = α_year/α_param + β_year/β_data. */
const G_TRUTH = TRUTH7[3] / TRUTH7[4] + TRUTH7[8] / TRUTH7[9];

/** Model 7's parameters with both date trends scaled by `factor` (0: no algorithmic progress). */
const withTrends = (factor: number) => TRUTH7.map((x, j) => (j === 3 || j === 8 ? x * factor : x));

/** The plain layout (one evaluation per row) of data simulated from model 7. */
function plainCsv(theta: number[], seed: number): string {
  const d = simulate(150, seed, { theta, sigma: 0.1 });
  const lines = ["system,reference,year,param,dataset,benchmark,log_ppl,transformer"];
  for (let i = 0; i < d.m; i++) {
    const benchmark = d.P[i] ? "ptb" : d.W[i] ? "wt2" : "wt103";
    lines.push([`S${i}`, `P${d.cluster[i]}`, d.t[i], d.N[i], d.D[i], benchmark, d.y[i], d.T[i]].join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * Build a report with the core-model notebook only and an abstract that is its recorded headline.
 * Notebooks import the library as ../dist, so their folder sits beside a link to the built dist.
 */
async function abstractFor(csv: string): Promise<string> {
  const dir = tempDir("rate-");
  const notebooks = join(dir, "notebooks");
  const front = join(dir, "front");
  mkdirSync(notebooks);
  mkdirSync(front);
  symlinkSync(join(root, "dist"), join(dir, "dist"), "dir");
  copyFileSync(join(root, "notebooks", "02-core-model.ipynb"), join(notebooks, "02-core-model.ipynb"));
  for (const f of ["front.json", "references.bib"]) copyFileSync(join(root, "report", f), join(front, f));
  writeFileSync(join(front, "abstract.md"), "**{{headline}}**\n");
  writeFileSync(join(dir, "data.csv"), csv);
  const out = join(dir, "out");
  await buildReport({
    params: {
      data: join(dir, "data.csv"),
      seed: 0,
      bootstrap: 100,
      estimator: "faithful",
      quick: true,
      sample: "reproduction",
    },
    notebooksDir: notebooks,
    outDir: out,
    frontDir: front,
    force: false,
    pdf: false,
    log: () => {},
  });
  const html = readFileSync(join(out, "report.html"), "utf8");
  return /<section class="abstract">([\s\S]*?)<\/section>/.exec(html)![1].replace(/<[^>]+>/g, "");
}

describe("the abstract's rate statement, from a report built on simulated data", { timeout: 600_000 }, () => {
  it("says the rate is not identified, with no halving time, when the data hold no progress", async () => {
    const abstract = await abstractFor(plainCsv(withTrends(0), 3));
    assert.match(abstract, /is not identified/);
    assert.match(abstract, /replicates have a growth rate of effective compute at or below zero/);
    assert.doesNotMatch(abstract, /halves every/);
  });

  it("states a halving time whose interval holds 8 months, when the data were simulated with it", async () => {
    const abstract = await abstractFor(plainCsv(withTrends(G_8_MONTHS / G_TRUTH), 4));
    const m = /halves every ([\d.]+) months \(95 % interval ([\d.]+)–([\d.]+) months/.exec(abstract);
    assert.ok(m, abstract);
    const [low, high] = [Number(m[2]), Number(m[3])];
    assert.ok(low <= 8 && 8 <= high, `8 months outside ${low}–${high}`);
    assert.doesNotMatch(abstract, /not identified/);
  });
});
