import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { type CleanOptions, type CleanResult, cleanSheet } from "./clean.js";
import { type CsvTable, InputError, decodeUtf8, parseCsv } from "./csv.js";
import { MAX_PERPLEXITY, type SheetRecord, numberCell, sheetRows } from "./sheet.js";
import { PLAUSIBLE_YEARS } from "./dates.js";
import { BENCHMARKS, type Benchmark, type EvalRow } from "./types.js";

/** A loaded and cleaned data file, with what identifies it. */
export interface LoadedData extends CleanResult {
  /** Path as given. */
  file: string;
  /** SHA-256 of the file's bytes (hex). */
  sha256: string;
  /** `sheet` = the authors' layout (§1.2); `table` = plain `year,param,dataset,benchmark,log_ppl`. */
  layout: "sheet" | "table";
}

/** Largest plausible ln perplexity (the sheet layout's `MAX_PERPLEXITY`). */
const MAX_LOG_PPL = Math.log(MAX_PERPLEXITY);

/** Columns of the plain-table layout accepted by `--data`. */
export const TABLE_COLUMNS = ["year", "param", "dataset", "benchmark", "log_ppl"] as const;

/**
 * Read a CSV file of evaluations and clean it. Files in the authors' sheet layout go through the
 * §1.3 pipeline; a plain table with columns `year,param,dataset,benchmark,log_ppl` (fractional
 * year, counts, `wt103|wt2|ptb`, ln perplexity) is validated and used as the head sample as is.
 * Errors name the file, line and column.
 *
 * @example
 * const loaded = loadEvaluations("data/lm_evaluations.csv"); // the authors' layout: cleaned by §1.3
 * loaded; // → { layout: "sheet", stages: { sheetRows: 227, full: 226, head: 226 } }
 * loaded.head[0]; // → { benchmark: "wt103", param: 247000000, dataset: 205000000, ppl: 18.2, logPpl: 2.9014 }
 * loaded.log[0]; // → { step: 1, rule: "sample-not-authors", action: "drop" }
 */
export function loadEvaluations(file: string, options: CleanOptions = {}): LoadedData {
  const { sha256, typed } = readTyped(file);
  if (typed.layout === "table") return { ...typed.rows, file, sha256, layout: "table" };
  return { ...cleanSheet(typed.records, file, options), file, sha256, layout: "sheet" };
}

/**
 * A file's rows in its layout, and its hash: a plain table validated, or a sheet's rows to be typed
 * one at a time as the cleaning reaches them (`sheetRows`). The text is this function's alone, so
 * it is not held while the sheet is cleaned (issue: a 100,000-row sheet).
 */
function readTyped(file: string): {
  sha256: string;
  typed: { layout: "table"; rows: CleanResult } | { layout: "sheet"; records: Iterable<SheetRecord> };
} {
  const { text, sha256 } = readText(file);
  const table = parseCsv(text, file);
  if (TABLE_COLUMNS.every((c) => table.columns.includes(c)))
    return { sha256, typed: { layout: "table", rows: plainTable(table) } };
  return { sha256, typed: { layout: "sheet", records: sheetRows(table) } };
}

/** A file's text (checked UTF-8) and the SHA-256 of its bytes; the bytes are not kept while the text is parsed. */
function readText(file: string): { text: string; sha256: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(file, `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { text: decodeUtf8(bytes, file), sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** One record of the plain layout in memory: column → number or numeric string (blank: null, undefined or ""). */
export type TableRecord = Readonly<Record<string, string | number | null | undefined>>;

/**
 * Evaluations from in-memory records of the plain layout, validated by the same reader as a plain
 * CSV file (`loadEvaluations`): a bad value is an InputError naming `source`, the record (line 2
 * is the first, as in a file with a header) and the column.
 *
 * @example
 * evaluationsFromRecords([{ year: 2019.5, param: 1e8, dataset: 1e9, benchmark: "wt103", log_ppl: 3.2 }]).head;
 */
export function evaluationsFromRecords(records: ReadonlyArray<TableRecord>, source = "records"): CleanResult {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const text = (v: TableRecord[string]) => (v === null || v === undefined ? "" : String(v));
  return plainTable({
    file: source,
    columns,
    records: records.map((r, i) => ({
      line: i + 2,
      cells: Object.fromEntries(columns.map((c) => [c, text(r[c])])),
    })),
  });
}

/** The plain layout (one evaluation per row, docs/method.md §1.5): every row validated, no cleaning steps. */
function plainTable(table: CsvTable): CleanResult {
  const rows = table.records.map(({ line, cells }) => plainRow(table, line, cells));
  // The same system on the same benchmark twice is an error in both layouts.
  const seen = new Map<string, number>();
  rows.forEach((r) => {
    if (!table.columns.includes("system")) return;
    const key = `${r.system}\u0000${r.benchmark}`;
    const prev = seen.get(key);
    if (prev !== undefined)
      throw new InputError(
        table.file,
        `system "${r.system}" has a ${r.benchmark} row on line ${prev} and again here; each system may appear once ` +
          `per benchmark`,
        r.sourceLine,
        "system",
      );
    seen.set(key, r.sourceLine);
  });
  const n = rows.length;
  return {
    hasSources: false,
    stages: {
      sheetRows: n,
      withSizes: n,
      included: n,
      withPerplexity: n,
      long: n,
      certain: n,
      complete: n,
      full: n,
      head: n,
      cluster: n,
    },
    full: rows,
    head: rows,
    log: [],
    options: { correctedTarget: false, sample: "reproduction" },
  };
}

/** One row of the plain layout as an evaluation; a bad value is an InputError naming file, line and column. */
function plainRow(table: CsvTable, line: number, cells: Record<string, string>): EvalRow {
  const num = (c: string, positive: boolean) => {
    const cell = numberCell(cells[c]);
    if (cell.value === null) throw new InputError(table.file, `"${cell.text}" is not a finite decimal number`, line, c);
    const v = cell.value;
    if (positive && !(v > 0)) throw new InputError(table.file, `must be positive, found ${v}`, line, c);
    return v;
  };
  // Optional columns (epochs, vocabulary size): blank is unknown, anything else a positive number.
  const optional = (c: string) => ((cells[c] ?? "").trim() === "" ? null : num(c, true));
  const benchmark = (cells.benchmark ?? "").trim() as Benchmark;
  if (!BENCHMARKS.includes(benchmark)) {
    throw new InputError(
      table.file,
      `unknown benchmark "${benchmark}" (expected wt103, wt2 or ptb)`,
      line,
      "benchmark",
    );
  }
  const t = num("year", false);
  if (t < PLAUSIBLE_YEARS[0] || t >= PLAUSIBLE_YEARS[1] + 1)
    throw new InputError(
      table.file,
      `year ${t} is not a plausible publication date (${PLAUSIBLE_YEARS.join("–")})`,
      line,
      "year",
    );
  const logPpl = num("log_ppl", true);
  if (logPpl > MAX_LOG_PPL)
    throw new InputError(table.file, `log perplexity ${logPpl} is implausible (above ln 1e6)`, line, "log_ppl");
  const ppl = Math.exp(logPpl);
  return {
    system: cells.system?.trim() || `${basename(table.file)}:${line}`,
    reference: cells.reference?.trim() || null,
    benchmark,
    date: "",
    t,
    year: Math.floor(t),
    param: num("param", true),
    dataset: num("dataset", true),
    epoch: optional("epoch"),
    trainingCompute: null,
    pplWt103: benchmark === "wt103" ? ppl : null,
    pplWt2: benchmark === "wt2" ? ppl : null,
    pplPtb: benchmark === "ptb" ? ppl : null,
    ppl,
    pplOwn: ppl,
    logPpl,
    ptb: benchmark === "ptb" ? 1 : 0,
    wt2: benchmark === "wt2" ? 1 : 0,
    transformer: cells.transformer?.trim() === "1" ? 1 : 0,
    architecture: cells.transformer?.trim() === "1" ? "Transformer" : "",
    vocabulary: optional("vocabulary"),
    zeroShot: null,
    uncertain: 0,
    sourceLine: line,
    meta: cells,
  };
}
