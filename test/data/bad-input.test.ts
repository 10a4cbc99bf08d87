import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError } from "../../src/data/csv.js";
import { evaluationsFromRecords, loadEvaluations } from "../../src/data/load.js";
import { SHEET_HEADER, sheetCsv, writeTemp } from "../fixtures/sheets.js";

const good = {
  System: "S",
  "Publication date": "2018/01/01",
  Reference: "P",
  Parameters: 1e6,
  "Dataset Size": 1e6,
  "Perplexity (WT103)": 30,
  uncertain: 0,
  Architecture: "Transformer",
};

/** Load `text` from a temp file and return the InputError it raises. */
function failure(text: string | Uint8Array): InputError {
  const file = writeTemp("bad.csv", text);
  try {
    loadEvaluations(file);
  } catch (e) {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
    assert.ok(e.message.startsWith(file), "the message names the file");
    return e;
  }
  assert.fail("no error raised");
}

describe("bad input gets a located error", () => {
  it("empty file", () => assert.match(failure("").message, /empty/));
  it("missing required column", () => {
    const e = failure(
      sheetCsv(
        [good],
        SHEET_HEADER.filter((c) => c !== "Dataset Size"),
      ),
    );
    assert.match(e.message, /missing required column "Dataset Size"/);
    assert.equal(e.line, 1);
  });
  it("wrong delimiter", () =>
    assert.match(failure("System;Reference\na;b\n").message, /not comma-separated \(found semicolons\)/));
  it("UTF-16 file", () => assert.match(failure(Buffer.from("\ufeffSystem,x\n", "utf16le")).message, /UTF-16/));
  it("invalid UTF-8, with its line", () => {
    const bytes = Buffer.concat([Buffer.from(sheetCsv([good])), Buffer.from([0x53, 0xff, 0x2c, 0x0a])]);
    const e = failure(bytes);
    assert.match(e.message, /not valid UTF-8/);
    assert.equal(e.line, 3);
  });
  it("perplexity ≤ 1", () => {
    const e = failure(sheetCsv([good, { ...good, System: "T", "Perplexity (PTB)": 0.9 }]));
    assert.equal(e.line, 3);
    assert.equal(e.column, "Perplexity (PTB)");
  });
  it("duplicate system and benchmark", () => {
    const e = failure(sheetCsv([good, { ...good, "Perplexity (WT103)": 31 }]));
    assert.match(e.message, /"S" has a wt103 perplexity on line 2 and again here/);
    assert.equal(e.line, 3);
  });
  it("duplicates: the first in benchmark order, after every cell has been read", () => {
    // Rows are typed and cleaned one at a time; the error is still the one a pass over all rows
    // gives: a WT103 duplicate (lines 4–5) before an earlier WT2 one (lines 2–3) ...
    const wt2 = { ...good, System: "W", "Perplexity (WT103)": "", "Perplexity (WT2)": 40 };
    const e = failure(sheetCsv([wt2, wt2, good, good]));
    assert.match(e.message, /"S" has a wt103 perplexity on line 4 and again here/);
    assert.equal(e.line, 5);
    // ... and a cell that cannot be read (line 4) before a duplicate (lines 2–3).
    assert.equal(failure(sheetCsv([good, good, { ...good, System: "T", uncertain: "maybe" }])).line, 4);
  });
  it("a flag that is not 0/1", () =>
    assert.equal(failure(sheetCsv([{ ...good, uncertain: "maybe" }])).column, "uncertain"));
  it("a row with too many fields", () =>
    assert.match(failure(sheetCsv([good]) + "a,b\n").message, /2 fields but the header has/));
  it("blank system name", () => assert.equal(failure(sheetCsv([{ ...good, System: " " }])).column, "System"));
  it("a plain table with an unknown benchmark or an impossible date", () => {
    assert.match(
      failure("year,param,dataset,benchmark,log_ppl\n2019.5,1e8,1e8,c4,3\n").message,
      /unknown benchmark "c4"/,
    );
    assert.match(failure("year,param,dataset,benchmark,log_ppl\n3019.5,1e8,1e8,wt2,3\n").message, /not a plausible/);
    assert.equal(failure("year,param,dataset,benchmark,log_ppl\n2019.5,-1,1e8,wt2,3\n").column, "param");
  });
});

describe("what the authors' rules drop is logged, not an error", () => {
  it("non-numeric sizes, non-positive sizes, unparsable dates and non-numeric perplexities", () => {
    const d = loadEvaluations(
      writeTemp(
        "ok.csv",
        sheetCsv([
          good,
          { ...good, System: "U", Parameters: "UNK" },
          { ...good, System: "V", "Dataset Size": -5 },
          { ...good, System: "W", "Publication date": "2019/02/30" },
          { ...good, System: "X", "Perplexity (WT2)": "n/a" },
        ]),
      ),
    );
    assert.deepEqual(
      d.head.map((r) => r.system),
      ["S", "X"],
    );
    assert.deepEqual(
      d.log.map((e) => `${e.system}:${e.rule}`),
      ["W:date-unparsable", "X:perplexity-non-numeric", "U:size-missing", "V:size-non-positive", "W:date-missing"],
    );
    assert.ok(d.head.every((r) => Number.isFinite(r.logPpl) && Number.isFinite(r.t)));
  });
});

describe("extreme values and implausible dates (issue 18)", () => {
  it("refuses a perplexity beyond the double range (1e400) instead of fitting Infinity", () => {
    const d = loadEvaluations(
      writeTemp("big.csv", sheetCsv([good, { ...good, System: "T", "Perplexity (WT103)": "1e400" }])),
    );
    assert.ok(d.head.every((r) => Number.isFinite(r.logPpl)));
    assert.ok(d.log.some((e) => e.system === "T" && /1e400/.test(e.detail)));
  });
  it("refuses an implausibly large perplexity with its line and column", () => {
    const e = failure(sheetCsv([good, { ...good, System: "T", "Perplexity (PTB)": 1e7 }]));
    assert.equal(e.line, 3);
    assert.equal(e.column, "Perplexity (PTB)");
    assert.match(e.message, /at most 1000000/);
  });
  it("reads no hexadecimal number in the plain layout", () => {
    const e = failure("year,param,dataset,benchmark,log_ppl\n2018.5,0x10,1e6,wt103,3\n");
    assert.equal(e.column, "param");
  });
  it("refuses a plain-layout log perplexity whose perplexity overflows", () => {
    assert.equal(failure("year,param,dataset,benchmark,log_ppl\n2018.5,1e6,1e6,wt103,800\n").column, "log_ppl");
  });
  it("refuses a plain-layout system twice on one benchmark, as the sheet layout does", () => {
    const e = failure(
      "system,year,param,dataset,benchmark,log_ppl\nA,2018.5,1e6,1e6,wt103,3\nA,2019.5,2e6,1e6,wt103,3.1\n",
    );
    assert.equal(e.line, 3);
    assert.match(e.message, /once per benchmark/);
  });
  it(
    "logs a sheet date before 1950 or after next year and treats it as missing, as the plain layout refuses " + "it",
    () => {
      const d = loadEvaluations(
        writeTemp(
          "dates.csv",
          sheetCsv([
            good,
            { ...good, System: "T", "Publication date": "2099/01/01" },
            { ...good, System: "U", "Publication date": "0001/01/01" },
          ]),
        ),
      );
      assert.deepEqual(
        d.head.map((r) => r.system),
        ["S"],
      );
      assert.equal(d.log.filter((e) => e.rule === "date-implausible").length, 2);
    },
  );
});

describe("in-memory records of the plain layout go through the file reader (one validator)", () => {
  const record = { year: 2019.5, param: 1e8, dataset: 1e9, benchmark: "wt103", log_ppl: 3.2 };

  it("reads the optional epoch and vocabulary columns, blank as unknown", () => {
    const rows = evaluationsFromRecords([
      { ...record, epoch: 2, vocabulary: "33278" },
      { ...record, system: "b", epoch: "", vocabulary: null },
    ]).head;
    assert.deepEqual(
      rows.map((r) => [r.epoch, r.vocabulary]),
      [
        [2, 33278],
        [null, null],
      ],
    );
  });

  it("names the source, the record's line and the column of a bad value, as for a file", () => {
    const bad = (r: Record<string, unknown>, column: string, line: number) =>
      assert.throws(
        () => evaluationsFromRecords([record, r as typeof record], "my records"),
        (e: unknown) =>
          e instanceof InputError && e.column === column && e.line === line && /my records/.test(e.message),
      );
    bad({ ...record, epoch: "two" }, "epoch", 3);
    bad({ ...record, benchmark: "c4" }, "benchmark", 3);
    bad({ ...record, year: 1900 }, "year", 3);
    bad({ ...record, log_ppl: "" }, "log_ppl", 3);
  });
});
