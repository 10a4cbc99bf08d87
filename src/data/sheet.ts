import { type CsvTable, InputError } from "./csv.js";
import { parseSheetDate } from "./dates.js";
import { BENCHMARKS, type Benchmark } from "./types.js";

/** Sheet column names of the authors' layout (docs/method.md §1.2) that the pipeline reads. */
export const COLUMNS = {
  system: "System",
  date: "Publication date",
  year: "Year",
  reference: "Reference",
  param: "Parameters",
  dataset: "Dataset Size",
  epoch: "Epoch",
  compute: "Training Compute",
  wt103: "Perplexity (WT103)",
  wt2: "Perplexity (WT2)",
  ptb: "Perplexity (PTB)",
  zeroShot: "Zero-shot?",
  include: "Include?",
  outlier: "Outlier?",
  uncertain: "uncertain",
  architecture: "Architecture",
  vocabulary: "Vocabulary",
} as const;

/** Columns without which the cleaning pipeline cannot run. */
export const REQUIRED_COLUMNS = [
  COLUMNS.system,
  COLUMNS.date,
  COLUMNS.reference,
  COLUMNS.param,
  COLUMNS.dataset,
  COLUMNS.wt103,
  COLUMNS.wt2,
  COLUMNS.ptb,
  COLUMNS.uncertain,
  COLUMNS.architecture,
] as const;

/** Perplexity column of each benchmark. */
export const PPL_COLUMN: Record<Benchmark, string> = { wt103: COLUMNS.wt103, wt2: COLUMNS.wt2, ptb: COLUMNS.ptb };

/** A number cell: its value, or why it has none (blank, or text that is not a number such as `UNK`). */
export type NumberCell = { value: number } | { value: null; text: string };

/** One sheet row (one system), typed but not yet filtered. */
export interface SheetRecord {
  line: number;
  system: string;
  reference: string | null;
  dateText: string;
  /** Parsed `dateText`, shared (frozen) by the rows with that text; `null` when missing or invalid. */
  date: Readonly<{ year: number; month: number; day: number }> | null;
  year: number | null;
  param: NumberCell;
  dataset: NumberCell;
  epoch: number | null;
  trainingCompute: number | null;
  ppl: Record<Benchmark, NumberCell>;
  zeroShot: boolean | null;
  include: 0 | 1 | null;
  outlier: 0 | 1 | null;
  uncertain: 0 | 1 | null;
  architecture: string;
  vocabulary: number | null;
  meta: Record<string, string>;
}

/** Largest plausible perplexity on a word-level benchmark (both layouts refuse more, `load.ts`). */
export const MAX_PERPLEXITY = 1e6;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parse a numeric cell: blank → no value, a plain decimal/exponent number that is finite → value,
 * anything else (text, hexadecimal, a number beyond the double range such as 1e400) → text, which
 * the cleaning steps log. The one numeric reader of both layouts.
 */
export function numberCell(text: string | undefined): NumberCell {
  const s = (text ?? "").trim();
  if (s === "") return BLANK;
  const value = NUMBER.test(s) ? Number(s) : NaN;
  return Number.isFinite(value) ? { value } : { value: null, text: s };
}

/** The one blank cell, shared: a large sheet is mostly blank cells (issue: a 100,000-row sheet). */
const BLANK: NumberCell = Object.freeze({ value: null, text: "" });

function flag(table: CsvTable, line: number, column: string, text: string | undefined): 0 | 1 | null {
  const s = (text ?? "").trim();
  if (s === "") return null;
  const v = NUMBER.test(s) ? Number(s) : NaN;
  if (v === 0 || v === 1) return v;
  throw new InputError(table.file, `flag must be 0, 1 or blank, found "${s}"`, line, column);
}

/** Texts of a yes/no column (compared in lower case). */
const YES = new Set(["1", "1.0", "true", "yes", "y"]);
const NO = new Set(["0", "0.0", "false", "no", "n"]);

function yesNo(table: CsvTable, line: number, column: string, text: string | undefined): boolean | null {
  const s = (text ?? "").trim().toLowerCase();
  if (s === "") return null;
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  throw new InputError(table.file, `expected 0/1 (or yes/no), found "${s}"`, line, column);
}

/**
 * Type the cells of a table in the authors' sheet layout (docs/method.md §1.2). Columns are found by
 * name in any order; extra columns are kept verbatim in `meta`. Fails with a located error when a
 * required column is missing, a flag is not 0/1/blank, or a perplexity is a number ≤ 1 (perplexity
 * is at least 1 by definition, so such a cell is a data-entry error, not a sample choice).
 * Non-numeric text in numeric columns is kept as text so the cleaning steps can log it.
 */
export function readSheet(table: CsvTable): SheetRecord[] {
  return [...sheetRows(table)];
}

/**
 * `readSheet`'s rows one at a time, in file order, each typed when it is reached: the cleaning
 * pipeline keeps a typed row only until it has made its evaluations, so a large sheet's typed
 * rows are never all held at once (issue: a 100,000-row sheet). A missing required column fails
 * here, before any row is read; a bad cell fails when its row is reached.
 *
 * @example
 * for (const r of sheetRows(parseCsv(text, "sheet.csv"))) r.system; // one typed row at a time
 */
export function sheetRows(table: CsvTable): Iterable<SheetRecord> {
  const missing = REQUIRED_COLUMNS.filter((c) => !table.columns.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      table.file,
      `missing required column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `"${c}"`).join(", ")} ` +
        `(found: ${table.columns.map((c) => `"${c}"`).join(", ")})`,
      1,
    );
  }
  // Rows share the parsed date of equal date texts (a sheet has few distinct dates), frozen.
  const dates = new Map<string, SheetRecord["date"]>();
  const dateOf = (text: string) => {
    let d = dates.get(text);
    if (d === undefined) dates.set(text, (d = Object.freeze(parseSheetDate(text))));
    return d;
  };
  const [paramCell, datasetCell, wt103Cell, wt2Cell, ptbCell] = Array.from({ length: 5 }, sharedNumberCells);
  const pplCell = { wt103: wt103Cell, wt2: wt2Cell, ptb: ptbCell };
  const pplOf = sharedPerplexities();
  const typed = ({ line, cells }: CsvTable["records"][number]): SheetRecord => {
    const ppl = {} as Record<Benchmark, NumberCell>;
    for (const b of ["wt103", "wt2", "ptb"] as Benchmark[]) {
      const cell = pplCell[b](cells[PPL_COLUMN[b]]);
      if (cell.value !== null && !(cell.value > 1 && cell.value <= MAX_PERPLEXITY)) {
        const why = cell.value > 1 ? `at most ${MAX_PERPLEXITY} (a word-level benchmark)` : "greater than 1";
        throw new InputError(table.file, `perplexity must be ${why}, found ${cell.value}`, line, PPL_COLUMN[b]);
      }
      ppl[b] = cell;
    }
    const dateText = (cells[COLUMNS.date] ?? "").trim();
    const yearCell = numberCell(cells[COLUMNS.year]);
    const vocab = numberCell(cells[COLUMNS.vocabulary]);
    const epoch = numberCell(cells[COLUMNS.epoch]);
    const compute = numberCell(cells[COLUMNS.compute]);
    const reference = (cells[COLUMNS.reference] ?? "").trim();
    const system = (cells[COLUMNS.system] ?? "").trim();
    if (system === "") throw new InputError(table.file, "system name is blank", line, COLUMNS.system);
    return {
      line,
      system,
      reference: reference === "" ? null : reference,
      dateText,
      date: dateOf(dateText),
      year: yearCell.value,
      param: paramCell(cells[COLUMNS.param]),
      dataset: datasetCell(cells[COLUMNS.dataset]),
      epoch: epoch.value,
      trainingCompute: compute.value,
      ppl: pplOf(ppl),
      zeroShot: yesNo(table, line, COLUMNS.zeroShot, cells[COLUMNS.zeroShot]),
      include: flag(table, line, COLUMNS.include, cells[COLUMNS.include]),
      outlier: flag(table, line, COLUMNS.outlier, cells[COLUMNS.outlier]),
      uncertain: flag(table, line, COLUMNS.uncertain, cells[COLUMNS.uncertain]),
      architecture: (cells[COLUMNS.architecture] ?? "").trim(),
      vocabulary: vocab.value,
      meta: cells,
    };
  };
  return (function* () {
    for (const record of table.records) yield typed(record);
  })();
}

/** Number cells a column may share between rows (beyond, new texts get cells of their own). */
const SHARED_CELLS_PER_COLUMN = 16384;

/**
 * `numberCell` for one column, with the cells of equal texts shared (frozen): a large sheet
 * repeats its sizes and perplexities, and a cell object per row would be most of its typed rows'
 * memory (issue: a 100,000-row sheet). At most `SHARED_CELLS_PER_COLUMN` texts are remembered.
 */
function sharedNumberCells(): (text: string | undefined) => NumberCell {
  const seen = new Map<string, NumberCell>();
  return (text) => {
    if (text === undefined || text === "") return BLANK;
    let cell = seen.get(text);
    if (cell === undefined) {
      cell = Object.freeze(numberCell(text));
      if (seen.size < SHARED_CELLS_PER_COLUMN) seen.set(text, cell);
    }
    return cell;
  };
}

/**
 * A row's perplexity cells as a record shared (frozen) by the rows that report one benchmark
 * only, as most systems do, with the same cell object; other rows keep their own record.
 */
function sharedPerplexities(): (ppl: Record<Benchmark, NumberCell>) => Record<Benchmark, NumberCell> {
  const single = BENCHMARKS.map(() => new Map<NumberCell, Record<Benchmark, NumberCell>>());
  return (ppl) => {
    let only = -1;
    for (let k = 0; k < BENCHMARKS.length; k++) {
      if (ppl[BENCHMARKS[k]] === BLANK) continue;
      if (only >= 0) return ppl;
      only = k;
    }
    if (only < 0) return ppl;
    const cell = ppl[BENCHMARKS[only]];
    let shared = single[only].get(cell);
    if (shared === undefined) {
      shared = Object.freeze(ppl);
      if (single[only].size < SHARED_CELLS_PER_COLUMN) single[only].set(cell, shared);
    }
    return shared;
  };
}
