import assert from "node:assert/strict";
import { it } from "node:test";
import { checkDataset, sizeInName } from "../../src/data/check.js";
import { parseCsv } from "../../src/data/csv.js";
import { SHEET_HEADER, sheetCsv } from "../fixtures/sheets.js";

const header = [...SHEET_HEADER, "Link", "Source detail", "Authors' system name"];
const row = {
  System: "GPT-2 (1542M)",
  "Publication date": "2019/02/14",
  Reference: "P",
  Parameters: 1.542e9,
  "Dataset Size": 8e9,
  "Perplexity (WT103)": 17.48,
  uncertain: 0,
  Architecture: "Transformer",
  Link: "https://arxiv.org/abs/1902.00001",
};

it("reads sizes written in names", () => {
  assert.equal(sizeInName("GPT-2 (1542M)"), 1.542e9);
  assert.equal(sizeInName("LLaMA-7B"), 7e9);
  assert.equal(sizeInName("Pythia-2.8b"), 2.8e9);
  assert.equal(sizeInName("BLOOM-1.7B"), 1.7e9);
  assert.equal(sizeInName("AWD-LSTM-MoS"), null);
  assert.equal(sizeInName("Segatron XL base, M=384"), null);
  assert.equal(sizeInName("4 layer QRNN (h=2500)"), null);
});

it("flags links, dates before the arXiv month, sizes that contradict names, and ranges; measures coverage", () => {
  const rows = [
    row,
    { ...row, System: "Early", "Publication date": "2019/01/20" },
    // Announced in February: 3 days' grace.
    { ...row, System: "Weekend", "Publication date": "2019/01/29", "Perplexity (WT103)": "", "Perplexity (PTB)": 60 },
    { ...row, System: "Big-7B", Parameters: 1e9 },
    { ...row, System: "NoLink", Link: "" },
    { ...row, System: "Huge", Parameters: 1e15 },
    {
      ...row,
      System: "New-2024",
      "Publication date": "2024/03/01",
      Link: "https://arxiv.org/abs/2403.00001",
      "Perplexity (WT2)": 9,
    },
  ];
  const r = checkDataset(parseCsv(sheetCsv(rows, header), "d.csv"), [
    { index: 0, system: "GPT-2 (1542M)", targetPpl: 17.5 },
    { index: 1, system: "Early", targetPpl: 20 },
    { index: 2, system: "Absent", targetPpl: 20 },
  ]);
  assert.deepEqual(
    r.errors.map((e) => `${e.system}|${e.column}`),
    ["Early|Publication date", "Big-7B|Parameters", "NoLink|Link", "Huge|Parameters"],
  );
  assert.equal(r.coverage.matched, 2);
  assert.equal(r.coverage.targetAgrees, 1); // 17.48 vs 17.5 is within 0.5 %; 17.48 vs 20 is not
  assert.deepEqual(r.coverage.missing, ["Absent"]);
  assert.equal(r.coverage.extensionEvaluations, 6); // Weekend, Big-7B, NoLink, Huge: 1 each; New-2024: 2
  assert.equal(r.coverage.extension2023, 2);
});

it("two of the authors' systems with one name: our row stands for the one whose target is nearest ours", () => {
  const rows = [{ ...row, System: "Twin", "Perplexity (WT103)": 18.2 }];
  const authors = [
    { index: 0, system: "Twin", targetPpl: 30.8 },
    { index: 1, system: "Twin", targetPpl: 18.16 },
  ];
  const r = checkDataset(parseCsv(sheetCsv(rows, header), "d.csv"), authors);
  assert.equal(r.coverage.matched, 1);
  assert.equal(r.coverage.targetAgrees, 1);
  assert.deepEqual(r.coverage.disagreements, []);
  assert.deepEqual(r.coverage.missing, ["Twin"]);
  assert.deepEqual(
    r.coverage.rows.map((x) => x.ours),
    [null, 18.2],
  );
  // The same name listed twice with one target (one system on two benchmarks, Q2): both present.
  const same = checkDataset(
    parseCsv(sheetCsv(rows, header), "d.csv"),
    authors.map((a) => ({ ...a, targetPpl: 18.16 })),
  );
  assert.equal(same.coverage.matched, 2);
});

it("two of the authors' systems with one name and a row for each: each row stands for its own target", () => {
  const rows = [
    { ...row, System: "Twin", "Perplexity (WT103)": 18.16 },
    { ...row, System: "Twin (second evaluation)", "Perplexity (WT103)": 30.79, "Authors' system name": "Twin" },
    // A row of the same name without a perplexity does not take either evaluation.
    { ...row, System: "Twin", "Publication date": "2019/03/01", "Perplexity (WT103)": "" },
  ];
  const authors = [
    { index: 0, system: "Twin", targetPpl: 30.79 },
    { index: 1, system: "Twin", targetPpl: 18.16 },
  ];
  const r = checkDataset(parseCsv(sheetCsv(rows, header), "d.csv"), authors);
  assert.equal(r.coverage.matched, 2);
  assert.deepEqual(r.coverage.missing, []);
  assert.deepEqual(
    r.coverage.rows.map((x) => x.ours),
    [30.79, 18.16],
  );
});
