import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cleanSheet, clusterIndices, compareCodePoints } from "../../src/data/clean.js";
import { parseCsv } from "../../src/data/csv.js";
import { readSheet, sheetRows } from "../../src/data/sheet.js";
import { RULES_SHEET, RULES_STAGES, sheetCsv } from "../fixtures/sheets.js";

const clean = (opts = {}) => cleanSheet(readSheet(parseCsv(sheetCsv(RULES_SHEET), "rules.csv")), "rules.csv", opts);

describe("cleaning pipeline (docs/method.md §1.3)", () => {
  it("gives the hand-computed count after every step", () => {
    assert.deepEqual(clean().stages, RULES_STAGES);
  });

  it("logs every dropped or changed row with its rule", () => {
    const log = clean().log;
    const rules = (system: string) =>
      log.filter((e) => e.system === system).map((e) => `${e.step}:${e.rule}:${e.action}`);
    assert.deepEqual(rules("C-unk"), ["6:size-missing:drop"]);
    assert.match(log.find((e) => e.system === "C-unk")!.detail, /Parameters is "UNK"/);
    assert.deepEqual(rules("C-zero-data"), ["6:size-non-positive:drop"]);
    assert.deepEqual(rules("C-include0"), ["7:include-0:drop"]);
    assert.deepEqual(rules("C-outlier"), ["7:outlier-1:drop"]);
    assert.deepEqual(rules("C-noppl"), ["8:no-perplexity:drop"]);
    assert.deepEqual(rules("C-baddate"), ["2:date-unparsable:warn", "13:date-missing:drop"]);
    assert.deepEqual(rules("B-blank-uncertain"), ["12:uncertain-blank:drop"]);
    assert.deepEqual(rules("B-uncertain"), ["12:uncertain:drop", "12:uncertain:drop"]);
    assert.deepEqual(rules("GPT3-6.7B + muP"), ["15:hand-exclusion:drop"]);
    assert.deepEqual(rules("Gopher (280B)"), ["16:hand-correction:change"]);
    assert.deepEqual(rules("A4"), ["17:top-3:drop"]);
    assert.deepEqual(rules("No-ref"), ["17:reference-missing:drop"]);
    // Every row that left the pipeline is accounted for.
    const dropped = log.filter((e) => e.action === "drop").length;
    assert.equal(
      dropped,
      RULES_STAGES.sheetRows - RULES_STAGES.withPerplexity + (RULES_STAGES.long - RULES_STAGES.head),
    );
  });

  it("keeps the three lowest perplexities per paper, in (Reference, ppl) order", () => {
    const head = clean().head;
    assert.deepEqual(
      head.map((r) => `${r.system}/${r.benchmark}`),
      ["A2/wt103", "A3/wt103", "A1/wt103", "B-both/wt103", "B-both/ptb", "B-ptb/ptb", "Gopher (280B)/wt103"],
    );
    assert.equal(head.find((r) => r.system === "Gopher (280B)")!.param, 280e9);
  });

  it("uses the WT103→WT2→PTB fallback as target (Q1), or each row's own perplexity when corrected", () => {
    const asPublished = clean().head.find((r) => r.system === "B-both" && r.benchmark === "ptb")!;
    assert.equal(asPublished.logPpl, Math.log(50));
    assert.equal(asPublished.pplOwn, 60);
    assert.deepEqual([asPublished.ptb, asPublished.wt2], [1, 0]);
    const corrected = clean({ correctedTarget: true }).head.find(
      (r) => r.system === "B-both" && r.benchmark === "ptb",
    )!;
    assert.equal(corrected.logPpl, Math.log(60));
    // The corrected variant changes the target only, never the sample.
    assert.deepEqual(
      clean({ correctedTarget: true }).head.map((r) => r.system),
      clean().head.map((r) => r.system),
    );
  });

  it("sets the transformer dummy only for the exact string Transformer, and fractional years", () => {
    const rows = clean().full;
    assert.equal(rows.find((r) => r.system === "B-ptb")!.transformer, 0);
    assert.equal(rows.find((r) => r.system === "A1")!.transformer, 1);
    assert.ok(Math.abs(rows.find((r) => r.system === "A4")!.t - 2017.4438) < 1e-4);
  });

  it("finds no hand rule for systems named like Object.prototype members", () => {
    const rows = ["constructor", "toString", "__proto__"].map((System) => ({ ...RULES_SHEET[0], System }));
    const cleaned = cleanSheet(readSheet(parseCsv(sheetCsv(rows), "proto.csv")), "proto.csv");
    assert.deepEqual(cleaned.log, []);
    assert.deepEqual(
      cleaned.full.map((r) => [r.system, r.param]),
      rows.map((r) => [r.System, 1e8]),
    );
  });

  it("types equal cells alike in every row, sharing frozen cells that no row's cleaning changes", () => {
    // Rows repeat sizes and a perplexity; B3 reports two benchmarks. Expected values are the texts' numbers.
    const rows = [
      { ...RULES_SHEET[0], System: "B1", Parameters: "1e8", "Perplexity (WT103)": "30.5" },
      { ...RULES_SHEET[0], System: "B2", Parameters: "1e8", "Perplexity (WT103)": "30.5" },
      { ...RULES_SHEET[0], System: "B3", Parameters: "2e8", "Perplexity (WT103)": "30.5", "Perplexity (PTB)": "60" },
    ];
    const typed = readSheet(parseCsv(sheetCsv(rows), "shared.csv"));
    assert.deepEqual(
      typed.map((r) => [r.param.value, r.ppl.wt103.value, r.ppl.wt2.value, r.ppl.ptb.value]),
      [
        [1e8, 30.5, null, null],
        [1e8, 30.5, null, null],
        [2e8, 30.5, null, 60],
      ],
    );
    assert.equal(typed[0].param, typed[1].param);
    assert.equal(typed[0].ppl, typed[1].ppl);
    assert.notEqual(typed[2].ppl, typed[0].ppl);
    assert.ok(Object.isFrozen(typed[0].param) && Object.isFrozen(typed[0].ppl));
    const full = cleanSheet(typed, "shared.csv").full;
    assert.deepEqual(
      full.map((r) => [r.system, r.benchmark, r.param, r.pplOwn]),
      [
        ["B1", "wt103", 1e8, 30.5],
        ["B2", "wt103", 1e8, 30.5],
        ["B3", "wt103", 2e8, 30.5],
        ["B3", "ptb", 2e8, 60],
      ],
    );
  });

  it("logs step by step over all rows, though each row passes the steps before the next is read", () => {
    // C-baddate (file line 15) warns at step 2; C-unk (line 10) is dropped at step 6, after it.
    const log = clean().log;
    const steps = log.map((e) => e.step);
    assert.deepEqual(
      steps,
      [...steps].sort((a, b) => a - b),
    );
    const at = (system: string, step: number) => log.findIndex((e) => e.system === system && e.step === step);
    assert.ok(at("C-baddate", 2) >= 0 && at("C-baddate", 2) < at("C-unk", 6));
    // Typed rows as an array or one at a time: the same result.
    const table = parseCsv(sheetCsv(RULES_SHEET), "rules.csv");
    assert.deepEqual(cleanSheet(sheetRows(table), "rules.csv"), cleanSheet(readSheet(table), "rules.csv"));
  });

  it("numbers clusters by sorted paper title and keeps extra columns as metadata", () => {
    // The step-18 cluster sample: the full rows with a reference.
    const sample = clean().full.filter((r) => r.reference !== null);
    assert.equal(sample.length, RULES_STAGES.cluster);
    const c = clusterIndices(sample.map((r) => r.reference));
    assert.deepEqual(
      [...new Set(sample.map((r, i) => `${r.reference}=${c[i]}`))],
      ["Alpha paper=0", "Beta paper=1", "Gamma paper=2"],
    );
    assert.equal(sample[0].meta["Extra note"], "");
    assert.ok("Extra note" in sample[0].meta);
  });

  it("numbers papers by code-point order of the reference; rows without one are their own paper", () => {
    assert.deepEqual([...clusterIndices(["b", "a", null, "B", "b", null])], [2, 1, 3, 0, 2, 4]);
    // U+FF5E sorts before U+1F600 by code point (JS string order says the opposite).
    assert.deepEqual([...clusterIndices(["\u{1F600}", "\uFF5E"])], [1, 0]);
  });

  it("compares titles by code point like Python, not by UTF-16 unit", () => {
    // U+FF5E (one UTF-16 unit) sorts before U+1F600 (a surrogate pair starting 0xD83D) by code point only.
    assert.ok(compareCodePoints("\uFF5E", "\u{1F600}") < 0);
    assert.ok("\uFF5E" > "\u{1F600}");
    assert.ok(
      compareCodePoints("$x", "2nd") < 0 && compareCodePoints("B", "a") < 0 && compareCodePoints("ab", "a") > 0,
    );
  });

  it("orders random strings with astral, high-BMP and lone surrogate characters as their code points", () => {
    // Reference: lexicographic order of the code-point arrays (what Python's str comparison does).
    const byPoints = (a: string, b: string) => {
      const x = Array.from(a, (c) => c.codePointAt(0)!);
      const y = Array.from(b, (c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    };
    // Lone surrogates too (in-memory records can hold them; a decoded file cannot).
    const alphabet = ["a", "Z", "é", "\uD7FF", "\uE000", "\uFF5E", "\uFFFF", "\u{10000}", "\u{1F600}", "\u{10FFFF}"];
    alphabet.push("\uD83D", "\uDE00", "\uDBFF");
    let seed = 7;
    const pick = () => alphabet[(seed = (seed * 48271) % 2147483647) % alphabet.length];
    const word = () => Array.from({ length: 1 + (seed % 4) }, pick).join("");
    for (let k = 0; k < 2000; k++) {
      const a = word();
      const b = word();
      assert.equal(Math.sign(compareCodePoints(a, b)), Math.sign(byPoints(a, b)), `${a} vs ${b}`);
    }
  });
});
