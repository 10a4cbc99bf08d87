import { InputError } from "./csv.js";
import { PLAUSIBLE_YEARS, fractionalYear, isoDate, parseSheetDate } from "./dates.js";
import { COLUMNS, PPL_COLUMN, type SheetRecord } from "./sheet.js";
import { BENCHMARKS, type Benchmark, type EvalRow } from "./types.js";
import { frozen } from "../util/frozen.js";

/** Options of the cleaning pipeline. */
export interface CleanOptions {
  /**
   * docs/method.md Q1 corrected: regress on the perplexity of each row's own benchmark instead of the
   * WT103→WT2→PTB fallback. Only the target changes; the sample (including the top-3 ranking,
   * which keeps the authors' mixed perplexity) is identical, so the comparison isolates the target.
   */
  correctedTarget?: boolean;
  /**
   * Which rows of a file with source columns (docs/method.md §1.5) enter: `reproduction` (default)
   * the authors' sample (`Authors' sample` = 1) with values from any source; `verified` the rows
   * of the reproduction sample whose perplexity, parameters, dataset size and date were all read
   * in a paper (or follow from the benchmark the paper trained on), with the paper-read
   * perplexity; `extended` every row, the authors' and ours beyond them. A file without the
   * columns (the authors' own export) is one sample, and `verified` is refused for it.
   */
  sample?: SampleName;
}

/** The samples one data file holds (see `CleanOptions.sample`). */
export const SAMPLES = frozen(["reproduction", "verified", "extended"] as const);
export type SampleName = (typeof SAMPLES)[number];

/** Sources of a value that count as read in a paper for the verified sample (data/README.md). */
const PAPER_SOURCES: Record<string, string[]> = {
  "Perplexity source": ["paper"],
  "Parameters source": ["paper"],
  "Dataset size source": ["paper", "derived:benchmark-training-set"],
  "Date source": ["paper"],
};

/** What a cleaning step did to one row. */
export interface LogEntry {
  /** 1-based line of the system's row in the source file. */
  line: number;
  system: string;
  /** The long-format row's benchmark; `null` for steps that act on whole sheet rows. */
  benchmark: Benchmark | null;
  /** Step number of docs/method.md §1.3. */
  step: number;
  /** Short machine-readable name of the rule. */
  rule: string;
  action: "drop" | "change" | "warn";
  /** Human-readable detail, naming the column and the offending value. */
  detail: string;
}

/** Row counts after each step of docs/method.md §1.3 (authors' run: long 281 → full 261 → head 231). */
export interface Stages {
  sheetRows: number;
  withSizes: number;
  included: number;
  withPerplexity: number;
  long: number;
  certain: number;
  complete: number;
  full: number;
  head: number;
  cluster: number;
}

/** Human-readable names of the stages, in pipeline order, with their §1.3 step numbers. */
export const STAGE_LABELS: [keyof Stages, string][] = [
  ["sheetRows", "sheet rows (systems) read"],
  ["withSizes", "step 6: parameters and dataset size present and > 0"],
  ["included", "step 7: Include? ≠ 0 and Outlier? ≠ 1"],
  ["withPerplexity", "step 8: at least one perplexity"],
  ["long", "step 11: long format (one row per system × benchmark)"],
  ["certain", "step 12: uncertain = 0"],
  ["complete", "step 13: finite logs and date"],
  ["full", "step 15–16: after hand exclusions = full / cluster sample"],
  ["head", "step 17: top 3 per paper = main (head) sample"],
  ["cluster", "step 18: cluster sample"],
];

/** Everything the cleaning pipeline produces. */
export interface CleanResult {
  stages: Stages;
  /** Whether the file names the source of its values (and so holds the verified and extended samples, §1.5). */
  hasSources: boolean;
  /** Step 16 table (no top-3 cut), sorted by (Reference, ppl). */
  full: EvalRow[];
  /**
   * Step 17 main sample, in sorted order. The step-18 cluster sample is the rows of `full` that
   * have a reference (`stages.cluster` counts them), numbered by `clusterIndices`.
   */
  head: EvalRow[];
  /** One entry per dropped, changed or warned row, in pipeline order. */
  log: LogEntry[];
  options: Required<CleanOptions>;
}

/** Systems the authors exclude by hand (§1.3 step 15). */
export const HAND_EXCLUSIONS: ReadonlySet<string> = new Set([
  "GPT3-6.7B + muP",
  "LLaMA-65B (LoRA finetuned)",
  "LLaMA-13B (LoRA finetuned)",
  "LLaMA-7B (LoRA finetuned)",
]);

/**
 * Parameter counts the authors set by hand (§1.3 step 16). A Map, not an object: a system named
 * like an Object.prototype member ("constructor", "toString") must not find a correction.
 */
export const HAND_CORRECTIONS: ReadonlyMap<string, number> = new Map([
  ["Gopher (280B)", 280e9],
  ["Gopher (7.1B)", 7.1e9],
]);

/**
 * Compare strings by Unicode code point, as Python does (JS `<` compares UTF-16 units, which puts
 * U+E000–U+FFFF after the surrogate pairs of U+10000 and above). Exact also for lone surrogates.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Outside the surrogates a unit is its code point.
    if (!isSurrogate(x) && !isSurrogate(y)) return x - y;
    // A surrogate is involved (rare): compare code point by code point from where the strings
    // part, or from a shared high surrogate just before it (the prefix before splits alike).
    const k = i > 0 && isHighSurrogate(a.charCodeAt(i - 1)) ? i - 1 : i;
    const pa = Array.from(a.slice(k), (c) => c.codePointAt(0)!);
    const pb = Array.from(b.slice(k), (c) => c.codePointAt(0)!);
    for (let j = 0; j < Math.min(pa.length, pb.length); j++) if (pa[j] !== pb[j]) return pa[j] - pb[j];
    return pa.length - pb.length;
  }
  return a.length - b.length;
}

const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;
const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/**
 * Paper index of each row: the 0-based rank of its reference among the distinct references in
 * code-point order (§1.3 step 18); rows without a reference each form their own paper, numbered
 * after all named ones.
 *
 * @example
 * clusterIndices(["b", "a", null, "b"]); // → Int32Array [1, 0, 2, 1]
 */
export function clusterIndices(references: ReadonlyArray<string | null | undefined>): Int32Array {
  const rank = new Map<string, number>();
  for (const r of references) if (typeof r === "string") rank.set(r, 0);
  [...rank.keys()].sort(compareCodePoints).forEach((r, k) => rank.set(r, k));
  let extra = rank.size;
  const out = new Int32Array(references.length);
  for (let i = 0; i < references.length; i++) {
    const r = references[i];
    out[i] = typeof r === "string" ? rank.get(r)! : extra++;
  }
  return out;
}

function describe(cell: { value: number | null; text?: string }): string {
  return cell.value !== null ? String(cell.value) : cell.text ? `"${cell.text}"` : "blank";
}

/**
 * Step 1 of this project (before the authors' pipeline): keep the rows of the chosen sample, each
 * row left out with a log entry naming the column that rules it out (null for such a row). For
 * `verified`, a row whose paper-read perplexity differs from the authors' target uses the paper's
 * value. A file without source columns is one sample: every row is kept.
 */
function selectRow(r: SheetRecord, hasSources: boolean, sample: SampleName, note: Note): SheetRecord | null {
  if (!hasSources || sample === "extended") return r;
  if (r.meta["Authors' sample"] !== "1") {
    note(
      r,
      1,
      "sample-not-authors",
      "drop",
      `not in the authors' sample (Authors' sample = "${r.meta["Authors' sample"] ?? ""}")`,
    );
    return null;
  }
  if (sample === "reproduction") return r;
  const paperPpl = Number(r.meta["Paper perplexity"] || NaN);
  const failing = Object.entries(PAPER_SOURCES).find(
    ([col, ok]) => !ok.includes(r.meta[col] ?? "") && !(col === "Perplexity source" && paperPpl > 1),
  );
  if (failing) {
    note(r, 1, "sample-not-verified", "drop", `${failing[0]} is "${r.meta[failing[0]] ?? ""}", not read in a paper`);
    return null;
  }
  if (!(paperPpl > 1)) return r;
  // The authors' target stands in the first filled column (WT103 → WT2 → PTB); the paper's value replaces it.
  const b = BENCHMARKS.find((k) => r.ppl[k].value !== null)!;
  note(
    r,
    1,
    "sample-paper-perplexity",
    "change",
    `${PPL_COLUMN[b]} ${r.ppl[b].value} (authors' target) → ${paperPpl} (Paper perplexity)`,
  );
  return { ...r, ppl: { ...r.ppl, [b]: { value: paperPpl, text: String(paperPpl) } } };
}

/**
 * Apply the authors' cleaning pipeline (docs/method.md §1.3 steps 5–18, in that order) to typed sheet
 * rows. Every row that a step drops or changes gets a log entry naming the step, the rule, the
 * column and the value. A system reported twice on the same benchmark is an input error (the
 * authors' rules cannot say which row is meant).
 *
 * Steps 1–11 look at one sheet row at a time, so each row goes through all of them before the
 * next is read (`sheetRows` types it only then), and is not held once its evaluations are made;
 * each step logs into its own list and the lists are joined in step order, so the log is the one
 * that running every step over all rows in turn writes.
 *
 * @example
 * // Typed sheet rows come from a CSV in the authors' layout: loadEvaluations(file) reads them and calls this.
 * const cleaned = cleanSheet([], "empty.csv", { sample: "reproduction" });
 * cleaned.stages; // → { sheetRows: 0, full: 0, head: 0 }
 */
export function cleanSheet(records: Iterable<SheetRecord>, file: string, options: CleanOptions = {}): CleanResult {
  const opts: Required<CleanOptions> = {
    correctedTarget: options.correctedTarget ?? false,
    sample: options.sample ?? "reproduction",
  };
  const rows = sheetSteps(records, file, opts);
  const log = rows.log;
  const kept = keepEvaluations(rows.long, log);
  const head = headSample(kept.full, log);
  return {
    hasSources: rows.hasSources,
    stages: {
      ...rows.counts,
      long: rows.long.length,
      certain: kept.certain.length,
      complete: kept.complete.length,
      full: kept.full.length,
      head: head.length,
      cluster: kept.full.filter((r) => r.reference !== null).length,
    },
    full: kept.full,
    head,
    log,
    options: opts,
  };
}

/** Log a step's verdict on a sheet row. */
type Note = (
  r: SheetRecord,
  step: number,
  rule: string,
  action: LogEntry["action"],
  detail: string,
  benchmark?: Benchmark | null,
) => void;

/**
 * Steps 1–11 over the sheet rows, one row at a time: the sample (step 1), dates and perplexities
 * readable (2–3), sizes positive (6), flags (7), at least one perplexity (8), then the row's
 * evaluations (9–11: combined perplexity, logs, long format in benchmark blocks wt103, wt2, ptb).
 * A system reported twice on one benchmark is an input error: the first in block order is thrown
 * once every row is typed, so a cell that cannot be read is reported first, as when all rows were
 * typed before cleaning.
 */
function sheetSteps(records: Iterable<SheetRecord>, file: string, opts: Required<CleanOptions>) {
  // One log list per pass of the step-by-step pipeline, joined in this order at the end.
  const passes: LogEntry[][] = Array.from({ length: 6 }, () => []);
  const noteIn =
    (pass: number): Note =>
    (r, step, rule, action, detail, benchmark = null) =>
      passes[pass].push({ line: r.line, system: r.system, benchmark, step, rule, action, detail });
  const [sampleNote, implausibleNote, readableNote, sizesNote, flagsNote, perplexityNote] = passes.map((_, k) =>
    noteIn(k),
  );
  const counts = { sheetRows: 0, withSizes: 0, included: 0, withPerplexity: 0 };
  const blocks: EvalRow[][] = BENCHMARKS.map(() => []);
  const seen = BENCHMARKS.map(() => new Map<string, number>());
  const duplicates: (InputError | undefined)[] = BENCHMARKS.map(() => undefined);
  let hasSources: boolean | undefined;
  for (const raw of records) {
    hasSources ??= "Authors' sample" in raw.meta;
    if (!hasSources && opts.sample === "verified") continue;
    const selected = selectRow(raw, hasSources, opts.sample, sampleNote);
    if (!selected) continue;
    counts.sheetRows++;
    const r = readableRow(selected, implausibleNote, readableNote);
    if (!hasSizes(r, sizesNote)) continue;
    counts.withSizes++;
    if (!isIncluded(r, flagsNote)) continue;
    counts.included++;
    if (!BENCHMARKS.some((b) => r.ppl[b].value !== null)) {
      perplexityNote(r, 8, "no-perplexity", "drop", "all three perplexity columns are missing");
      continue;
    }
    counts.withPerplexity++;
    BENCHMARKS.forEach((b, k) => {
      if (r.ppl[b].value === null || duplicates[k]) return;
      const prev = seen[k].get(r.system);
      if (prev !== undefined) {
        duplicates[k] = new InputError(
          file,
          `system "${r.system}" has a ${b} perplexity on line ${prev} and again here; each system may appear once ` +
            `per benchmark`,
          r.line,
          PPL_COLUMN[b],
        );
        return;
      }
      seen[k].set(r.system, r.line);
      blocks[k].push(toEvalRow(r, b, opts));
    });
  }
  if (!hasSources && opts.sample === "verified")
    throw new InputError(
      file,
      `the verified sample needs the source columns (${Object.keys(PAPER_SOURCES).join(", ")}, "Authors' ` +
        `sample"); this file has none`,
    );
  const duplicate = duplicates.find((e) => e !== undefined);
  if (duplicate) throw duplicate;
  return { hasSources: hasSources ?? false, counts, long: blocks.flat(), log: passes.flat() };
}

/**
 * Steps 2–3 on one row (warnings): a date outside the plausible years is as good as unparsable
 * (logged, then missing); an unparsable date becomes missing; a non-numeric perplexity becomes
 * missing. `implausible` and `readable` log the two passes.
 */
function readableRow(row: SheetRecord, implausible: Note, readable: Note): SheetRecord {
  let r = row;
  if (r.date && !(r.date.year >= PLAUSIBLE_YEARS[0] && r.date.year <= PLAUSIBLE_YEARS[1])) {
    implausible(
      r,
      2,
      "date-implausible",
      "warn",
      `${COLUMNS.date} "${r.dateText}" is outside ${PLAUSIBLE_YEARS.join("–")}; treated as missing`,
    );
    r = { ...r, date: null };
  }
  if (r.date === null && r.dateText !== "" && !parseSheetDate(r.dateText)) {
    readable(
      r,
      2,
      "date-unparsable",
      "warn",
      `${COLUMNS.date} "${r.dateText}" is not a valid YYYY/MM/DD date; treated as missing`,
    );
  }
  for (const b of BENCHMARKS) {
    const c = r.ppl[b];
    if (c.value === null && c.text !== "")
      readable(
        r,
        3,
        "perplexity-non-numeric",
        "warn",
        `${PPL_COLUMN[b]} "${c.text}" is not a number; treated as missing`,
        b,
      );
  }
  return r;
}

/** Step 6 on one row: parameters and dataset size present and positive. */
function hasSizes(r: SheetRecord, note: Note): boolean {
  for (const [col, cell] of [
    [COLUMNS.param, r.param],
    [COLUMNS.dataset, r.dataset],
  ] as const) {
    if (cell.value === null) {
      note(r, 6, "size-missing", "drop", `${col} is ${describe(cell)}`);
      return false;
    }
    if (!(cell.value > 0) || !Number.isFinite(cell.value)) {
      note(r, 6, "size-non-positive", "drop", `${col} = ${cell.value} is not a positive number`);
      return false;
    }
  }
  return true;
}

/** Step 7 on one row: Include? ≠ 0 and Outlier? ≠ 1 (blank keeps the row). */
function isIncluded(r: SheetRecord, note: Note): boolean {
  if (r.include === 0) return (note(r, 7, "include-0", "drop", `${COLUMNS.include} = 0`), false);
  if (r.outlier === 1) return (note(r, 7, "outlier-1", "drop", `${COLUMNS.outlier} = 1`), false);
  return true;
}

/** Steps 12–16 on evaluations: certain, complete, sorted, hand exclusions and corrections. */
function keepEvaluations(long: EvalRow[], log: LogEntry[]) {
  // Step 12: uncertain = 0 exactly (blank is dropped, docs/method.md Q3).
  const certain = long.filter((row) => {
    if (row.uncertain === 0) return true;
    const why =
      row.uncertain === 1 ? "uncertain = 1" : "uncertain is blank (the authors keep only 0, docs/method.md Q3)";
    log.push(entry(row, 12, row.uncertain === 1 ? "uncertain" : "uncertain-blank", "drop", why));
    return false;
  });

  // Step 13: finite ln(param), ln(dataset), t and ppl.
  const complete = certain.filter((row) => {
    if (Number.isFinite(row.t)) return true;
    log.push(entry(row, 13, "date-missing", "drop", `${COLUMNS.date} "${row.meta[COLUMNS.date] ?? ""}" gives no date`));
    return false;
  });

  // Step 14: stable sort by (Reference, ppl); missing Reference last. Rows are grouped by reference
  // first, so the code-point comparison runs over the distinct references, not over every pair of rows.
  const byReference = new Map<string | null, EvalRow[]>();
  for (const row of complete) {
    const group = byReference.get(row.reference);
    if (group) group.push(row);
    else byReference.set(row.reference, [row]);
  }
  const references: (string | null)[] = [...byReference.keys()]
    .filter((r): r is string => r !== null)
    .sort(compareCodePoints);
  if (byReference.has(null)) references.push(null);
  // Array.prototype.sort is stable, so rows of equal perplexity keep their order.
  const sorted = references.flatMap((r) => byReference.get(r)!.sort((a, b) => a.ppl - b.ppl));

  // Step 15: hand exclusions.
  const afterExclusions = sorted.filter((row) => {
    if (!HAND_EXCLUSIONS.has(row.system)) return true;
    log.push(entry(row, 15, "hand-exclusion", "drop", "excluded by the authors by name"));
    return false;
  });

  // Step 16: hand corrections (raw values only; a no-op on the authors' sheet).
  const full = afterExclusions.map((row) => {
    const fixed = HAND_CORRECTIONS.get(row.system);
    if (fixed === undefined || fixed === row.param) return row;
    log.push(entry(row, 16, "hand-correction", "change", `${COLUMNS.param} ${row.param} → ${fixed}`));
    return { ...row, param: fixed };
  });
  return { certain, complete, full };
}

/** Step 17: the head sample, three rows per paper in sorted order; rows without a reference are left out. */
function headSample(full: EvalRow[], log: LogEntry[]): EvalRow[] {
  const perPaper = new Map<string, number>();
  return full.filter((row) => {
    if (row.reference === null) {
      log.push(
        entry(row, 17, "reference-missing", "drop", `${COLUMNS.reference} is blank, so the row belongs to no paper`),
      );
      return false;
    }
    const k = (perPaper.get(row.reference) ?? 0) + 1;
    perPaper.set(row.reference, k);
    if (k <= 3) return true;
    log.push(entry(row, 17, "top-3", "drop", `rank ${k} by perplexity within its paper (main sample keeps 3)`));
    return false;
  });
}

function entry(row: EvalRow, step: number, rule: string, action: LogEntry["action"], detail: string): LogEntry {
  return { line: row.sourceLine, system: row.system, benchmark: row.benchmark, step, rule, action, detail };
}

/** ISO text and fractional year of each parsed date (rows share date objects, `readSheet`). */
const dateFields = new WeakMap<NonNullable<SheetRecord["date"]>, { iso: string; t: number }>();

function dateFieldsOf(d: NonNullable<SheetRecord["date"]>): { iso: string; t: number } {
  let f = dateFields.get(d);
  if (f === undefined) dateFields.set(d, (f = { iso: isoDate(d), t: fractionalYear(d.year, d.month, d.day) }));
  return f;
}

function toEvalRow(r: SheetRecord, benchmark: Benchmark, opts: Required<CleanOptions>): EvalRow {
  const p = { wt103: r.ppl.wt103.value, wt2: r.ppl.wt2.value, ptb: r.ppl.ptb.value };
  const ppl = (p.wt103 ?? p.wt2 ?? p.ptb)!;
  const pplOwn = p[benchmark]!;
  return {
    system: r.system,
    reference: r.reference,
    benchmark,
    date: r.date ? dateFieldsOf(r.date).iso : "",
    t: r.date ? dateFieldsOf(r.date).t : NaN,
    year: r.year ?? r.date?.year ?? NaN,
    param: r.param.value!,
    dataset: r.dataset.value!,
    epoch: r.epoch,
    trainingCompute: r.trainingCompute,
    pplWt103: p.wt103,
    pplWt2: p.wt2,
    pplPtb: p.ptb,
    ppl,
    pplOwn,
    logPpl: Math.log(opts.correctedTarget ? pplOwn : ppl),
    ptb: benchmark === "ptb" ? 1 : 0,
    wt2: benchmark === "wt2" ? 1 : 0,
    transformer: r.architecture === "Transformer" ? 1 : 0,
    architecture: r.architecture,
    vocabulary: r.vocabulary,
    zeroShot: r.zeroShot,
    uncertain: r.uncertain,
    sourceLine: r.line,
    meta: r.meta,
  };
}
