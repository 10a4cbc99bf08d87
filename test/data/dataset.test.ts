import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { checkDataset, readAuthorsList } from "../../src/data/check.js";
import { decodeUtf8, parseCsv } from "../../src/data/csv.js";
import { loadEvaluations } from "../../src/data/load.js";

const FILE = "data/lm_evaluations.csv";

it("the embedded dataset passes data-check (schema, ranges, dates, sizes in names, links)", () => {
  const r = checkDataset(
    parseCsv(decodeUtf8(readFileSync(FILE), FILE), FILE),
    readAuthorsList("data/reference/authors_sample_systems.csv"),
  );
  assert.deepEqual(r.errors, []);
  // Of the authors' evaluations whose perplexity we read in a source, at least 95 % agree with
  // their target within 0.5 % (issue 3); each disagreement is explained in the row's Source detail.
  assert.ok(
    r.coverage.targetAgrees >= 0.95 * r.coverage.paperPerplexity,
    `${r.coverage.targetAgrees} of ${r.coverage.paperPerplexity}`,
  );
  const detail = new Map(
    parseCsv(decodeUtf8(readFileSync(FILE), FILE), FILE).records.map(({ cells }) => [
      cells.System.trim(),
      cells["Source detail"],
    ]),
  );
  for (const d of r.coverage.disagreements)
    assert.match(detail.get(d.system) ?? "", /authors'/i, `${d.system}: disagreement not explained`);
});

it("the embedded dataset cleans without errors and with a finite target on every row", () => {
  const d = loadEvaluations(FILE);
  assert.ok(d.head.length > 0);
  assert.ok(d.head.every((r) => Number.isFinite(r.logPpl) && r.logPpl > 0 && Number.isFinite(r.t)));
});

it(
  "names a source for every value of the authors' rows it fits, and a paper value beside a differing authors' " +
    "target",
  () => {
    const { records } = parseCsv(decodeUtf8(readFileSync(FILE), FILE), FILE);
    const allowed = /^(paper|authors|epoch-ai|derived:(benchmark-training-set|authors-predictions))$/;
    for (const { cells, line } of records) {
      if (cells["Authors' sample"] !== "1" || cells.uncertain !== "0") continue;
      for (const c of ["Perplexity source", "Parameters source", "Dataset size source", "Date source"])
        assert.match(cells[c], allowed, `line ${line} ${c}`);
      if (cells["Paper perplexity"]) assert.equal(cells["Perplexity source"], "authors", `line ${line}`);
    }
  },
);

it("selects the reproduction, verified and extended samples from one file, logging each row left out", () => {
  const rep = loadEvaluations(FILE);
  const ver = loadEvaluations(FILE, { sample: "verified" });
  const ext = loadEvaluations(FILE, { sample: "extended" });
  assert.ok(
    ver.head.length < rep.head.length && rep.head.length < ext.head.length,
    `${ver.head.length} < ${rep.head.length} < ${ext.head.length}`,
  );
  assert.ok(rep.log.some((e) => e.rule === "sample-not-authors"));
  assert.ok(ver.log.some((e) => e.rule === "sample-not-verified"));
  // The verified sample fits the paper's perplexity where it differs from the authors' target.
  assert.ok(ver.log.some((e) => e.rule === "sample-paper-perplexity"));
  const names = new Set(rep.head.map((r) => r.system));
  assert.ok(ver.head.every((r) => names.has(r.system)));
});
