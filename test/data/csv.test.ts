import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { InputError, parseCsv } from "../../src/data/csv.js";

/** A deterministic random CSV without quotes: mixed line ends, empty lines, blank and padded cells. */
function randomCsv(seed: number): string {
  let s = seed;
  const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const ends = ["\n", "\r\n", "\r"];
  const cells = ["", "x", " 1.5 ", "UNK", "Paper A", "2019/02/30", "é", "a b"];
  const width = 2 + Math.floor(next() * 4);
  const lines = [Array.from({ length: width }, (_, j) => `c${j}`).join(",")];
  for (let i = 0; i < 30; i++) {
    if (next() < 0.15) lines.push("");
    lines.push(Array.from({ length: width }, () => cells[Math.floor(next() * cells.length)]).join(","));
  }
  return lines.map((l) => l + ends[Math.floor(next() * ends.length)]).join("");
}

/** The error `parseCsv` throws on `text`. */
function failure(text: string, file = "bad.csv"): InputError {
  try {
    parseCsv(text, file);
  } catch (e) {
    return e as InputError;
  }
  assert.fail("no error");
}

describe("CSV reading (data/csv.ts)", () => {
  it("reads quote-free text exactly as csv-parse does: cells, lines, empty lines skipped, any line end", () => {
    // Oracle: csv-parse itself, the reader of text with quotes.
    for (let seed = 1; seed <= 50; seed++) {
      const text = randomCsv(seed);
      const expected = (
        parse(text, {
          info: true,
          skip_empty_lines: true,
          relax_column_count: true,
          record_delimiter: ["\r\n", "\n", "\r"],
        }) as unknown as { record: string[]; info: { lines: number } }[]
      ).map(({ record, info }) => ({ line: info.lines, record }));
      const table = parseCsv(text, "random.csv");
      assert.deepEqual(table.columns, expected[0].record);
      assert.deepEqual(
        table.records.map(({ line, cells }) => ({ line, record: table.columns.map((c) => cells[c]) })),
        expected.slice(1),
        `seed ${seed}`,
      );
    }
  });

  it("reads the same table whether or not a cell is quoted", () => {
    const plain = parseCsv("a,b\r\n1,x\n\n2,y\r", "plain.csv");
    const quoted = parseCsv('a,b\r\n1,"x"\n\n2,y\r', "quoted.csv");
    assert.deepEqual(quoted.records, plain.records);
    assert.deepEqual(plain.records, [
      { line: 2, cells: { a: "1", b: "x" } },
      { line: 4, cells: { a: "2", b: "y" } },
    ]);
  });

  it("keeps a quoted comma and newline inside one cell, the record located on the line where it ends", () => {
    const t = parseCsv('a,b\n"p,q","r\ns"\n3,4\n', "q.csv");
    assert.deepEqual(t.records, [
      { line: 3, cells: { a: "p,q", b: "r\ns" } },
      { line: 4, cells: { a: "3", b: "4" } },
    ]);
  });

  it("locates rows and errors after a quoted line break on their own lines, with any line end", () => {
    // csv-parse's own count takes a CRLF inside quotes for two lines (it said line 6 for line 5 here).
    for (const eol of ["\n", "\r\n", "\r"]) {
      // Characters of two, three and four UTF-8 bytes before the line break: csv-parse counts bytes.
      const lines = ["a,b", `"é ∗ 𝛼 two${eol}lines",1`, "", '"y",2'];
      const t = parseCsv(lines.join(eol) + eol, "q.csv");
      assert.deepEqual(
        t.records.map((r) => r.line),
        [3, 5],
        JSON.stringify(eol),
      );
      const wide = failure([...lines, '"z",3,4'].join(eol), "wide.csv");
      assert.equal(wide.line, 6, `row too wide, ${JSON.stringify(eol)}`);
      const quote = failure([...lines, '"z"x,3'].join(eol), "quote.csv");
      assert.equal(quote.line, 6, `bad quote, ${JSON.stringify(eol)}`);
      assert.doesNotMatch(quote.message, /at line/, "no second, different line number in the message");
    }
  });

  it("keeps a column named like an Object.prototype member as an ordinary cell", () => {
    // Assigning "__proto__" on a plain object would set its prototype and drop the cell silently.
    const t = parseCsv("a,__proto__,constructor\n1,2,3\n", "proto.csv");
    assert.deepEqual(Object.entries(t.records[0].cells), [
      ["a", "1"],
      ["__proto__", "2"],
      ["constructor", "3"],
    ]);
  });

  it("refuses an unclosed quote and a row of the wrong width with their lines", () => {
    const open = failure('a,b\n1,"open\n2,3\n');
    assert.match(open.message, /bad\.csv.*CSV syntax error/);
    assert.equal(open.line, 2, "the line where the unclosed quote's record starts");
    const wide = failure("a,b\n1,2\n\n3,4,5\n");
    assert.equal(wide.line, 4);
    assert.match(wide.message, /3 fields but the header has 2/);
  });
});
