import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanSheet } from "./clean.js";
import { type CsvTable, decodeUtf8, parseCsv } from "./csv.js";
import { COLUMNS, numberCell, readSheet } from "./sheet.js";
import { scientific } from "../util/format.js";

/** Columns the curated dataset carries beyond the authors' layout (issue 3). */
export const CURATION_COLUMNS = ["Link", "Source detail", "Authors' system name"] as const;

/** The columns that name where each value came from (data/README.md, "Sources and samples"). */
export const SOURCE_COLUMNS = ["Perplexity source", "Parameters source", "Dataset size source", "Date source"] as const;

/** One finding of the dataset check, located by line and column. */
export interface Finding {
  line: number;
  system: string;
  column: string;
  message: string;
}

/** One row of the authors' main-sample list (data/reference/authors_sample_systems.csv). */
export interface AuthorsRow {
  index: number;
  system: string;
  targetPpl: number;
}

/** How our dataset covers the authors' 231 evaluations. */
export interface Coverage {
  authorsRows: number;
  /** Authors' rows whose system we have (by `System` or `Authors' system name`). */
  matched: number;
  /** Matched rows with a perplexity from any source (data/README.md, "Sources and samples"). */
  withPerplexity: number;
  /** Matched rows whose perplexity was read in a paper (independently of the authors' list). */
  paperPerplexity: number;
  /** Matched rows with parameters, dataset size, date and a perplexity. */
  complete: number;
  /**
   * Rows with a paper-read perplexity within 0.5 % of the authors' target (agreement over independent readings only).
   */
  targetAgrees: number;
  /** Values by source per column over the matched rows: column → source → count ("" = no value). */
  bySource: Record<string, Record<string, number>>;
  /** Matched rows by the result of the check against the authors' model predictions (data/README.md). */
  predictionCheck: Record<string, number>;
  missing: string[];
  /** Matched systems without a perplexity from any source (blank cells). */
  unsourced: string[];
  disagreements: { system: string; ours: number; theirs: number }[];
  /** Evaluations of systems outside the authors' list, and how many were published 2023 or later. */
  extensionEvaluations: number;
  extension2023: number;
  /** Of those, the evaluations that enter the fits (Include? ≠ 0, Outlier? ≠ 1, uncertain = 0). */
  extensionInFits: number;
  extension2023InFits: number;
  /**
   * One entry per authors' row, in their order: our target perplexity (Q1 rule, any source) or
   * null, the perplexity read in a paper or null, whether the row is complete, the source of each
   * value, the prediction check, and why an incomplete row is incomplete.
   */
  rows: {
    index: number;
    system: string;
    theirs: number;
    ours: number | null;
    paper: number | null;
    complete: boolean;
    sources: Record<string, string>;
    check: string;
    reason: string;
  }[];
  /** One entry per system outside the authors' list. */
  extension: { system: string; year: number | null; evaluations: number; inFits: boolean; reason: string }[];
}

/** Everything `data-check` reports. */
export interface DataCheck {
  errors: Finding[];
  warnings: Finding[];
  coverage: Coverage;
}

/** Plausible ranges of the numeric columns (outside → error). */
const RANGES: [string, number, number][] = [
  [COLUMNS.param, 1e3, 1e13],
  [COLUMNS.dataset, 1e5, 1e14],
  [COLUMNS.epoch, 1e-3, 1e4],
  [COLUMNS.compute, 1e10, 1e27],
  [COLUMNS.wt103, 1, 2000],
  [COLUMNS.wt2, 1, 2000],
  [COLUMNS.ptb, 1, 2000],
  [COLUMNS.vocabulary, 100, 1e7],
];

/**
 * Days a first version may precede its arXiv identifier's month (submitted on a month's last days, announced in the
 * next).
 */
const ARXIV_GRACE_DAYS = 4;

/** The authors' main-sample list shipped with the project (data/reference/authors_sample_systems.csv). */
export function authorsListFile(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "data", "reference", "authors_sample_systems.csv");
}

/**
 * Check a dataset file against the shipped authors' list (what `npm run data:check` prints).
 *
 * @example
 * const check = checkDatasetFile("data/lm_evaluations.csv");
 * check.errors.length; // → 0
 * check.coverage; // → { authorsRows: 231, matched: 231, complete: 227 }
 */
export function checkDatasetFile(file: string): DataCheck {
  return checkDataset(parseCsv(decodeUtf8(readFileSync(file), file), file), readAuthorsList(authorsListFile()));
}

/** Read the authors' main-sample list. */
export function readAuthorsList(file: string): AuthorsRow[] {
  const t = parseCsv(decodeUtf8(readFileSync(file), file), file);
  return t.records.map(({ cells }) => ({
    index: Number(cells.row_index),
    system: cells.system.trim(),
    targetPpl: Number(cells.target_ppl),
  }));
}

/**
 * Size written in a system name ("1542M", "7B", "2.7b", "125m", "(8.3B)") as a parameter count,
 * or null. Only a number directly followed by M/B/m/b and a non-letter counts.
 */
export function sizeInName(name: string): number | null {
  const m = /(?:^|[^\w.])(\d+(?:\.\d+)?)\s?([MB])(?![a-zA-Z])/i.exec(name);
  if (!m) return null;
  return Number(m[1]) * (m[2].toUpperCase() === "B" ? 1e9 : 1e6);
}

/**
 * Check the curated dataset (issue 3): schema and types (via the loader), plausible ranges, a date
 * not before the arXiv identifier's month, parameter counts consistent with sizes written in names,
 * a source link on every row, no duplicate system+benchmark; and coverage of the authors' list.
 */
export function checkDataset(table: CsvTable, authors: AuthorsRow[]): DataCheck {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  for (const c of CURATION_COLUMNS)
    if (!table.columns.includes(c)) errors.push({ line: 1, system: "", column: c, message: "curation column missing" });
  const records = readSheet(table); // throws on schema errors (missing columns, bad flags, ppl ≤ 1)
  const thisYear = new Date().getUTCFullYear();
  for (const r of records) {
    const cell = (c: string) => (r.meta[c] ?? "").trim();
    const err = (column: string, message: string) => errors.push({ line: r.line, system: r.system, column, message });
    if (!/^https?:\/\/\S+$/.test(cell("Link")))
      err("Link", cell("Link") ? `"${cell("Link")}" is not a URL` : "every row needs a source link");
    if (!r.date) err(COLUMNS.date, `"${r.dateText}" is not a YYYY/MM/DD date`);
    else if (r.date.year < 1990 || r.date.year > thisYear) err(COLUMNS.date, `year ${r.date.year} is implausible`);
    for (const [col, lo, hi] of RANGES) {
      const c = numberCell(r.meta[col]);
      if (
        c.value === null &&
        c.text !== "" &&
        !(col === COLUMNS.epoch && c.text === "UNK") &&
        !(col === COLUMNS.vocabulary && c.text === "?")
      )
        err(col, `"${c.text}" is not a number`);
      if (c.value !== null && (c.value < lo || c.value > hi))
        err(col, `${c.value} is outside the plausible range [${lo}, ${hi}]`);
    }
    // arXiv assigns identifiers when a submission is announced, so a paper submitted on the last
    // weekend of a month carries the next month's identifier: allow up to ARXIV_GRACE_DAYS before it.
    // Dates taken from Epoch AI are the authors' (a venue's date can precede the arXiv version).
    const arxiv = /arxiv\.org\/(?:abs|pdf)\/(\d{2})(\d{2})\.\d{4,5}/.exec(cell("Link"));
    if (arxiv && r.date && cell("Date source") !== "epoch-ai") {
      const [yy, mm] = [2000 + Number(arxiv[1]), Number(arxiv[2])];
      const days = (Date.UTC(yy, mm - 1, 1) - Date.UTC(r.date.year, r.date.month - 1, r.date.day)) / 86400000;
      if (days > ARXIV_GRACE_DAYS)
        err(
          COLUMNS.date,
          `${r.dateText} is more than ${ARXIV_GRACE_DAYS} days before the arXiv identifier's month ` +
            `${yy}/${String(mm).padStart(2, "0")}`,
        );
    }
    const named = sizeInName(r.system);
    if (named !== null && r.param.value !== null) {
      const ratio = r.param.value / named;
      if (ratio < 0.7 || ratio > 1.4)
        err(COLUMNS.param, `${r.param.value} disagrees with the size ${scientific(named, 2)} in the name`);
    }
    if (r.uncertain === 1 && !cell("Source detail"))
      err("Source detail", "an uncertain row must say what could not be sourced");
    if (r.uncertain === null)
      warnings.push({
        line: r.line,
        system: r.system,
        column: COLUMNS.uncertain,
        message: "blank: the pipeline drops the row (Q3)",
      });
  }
  // Duplicates and everything else the pipeline rejects: run it (it throws with a location).
  cleanSheet(records, table.file);
  return { errors, warnings, coverage: coverage(records, authors) };
}

/** Our target perplexity of a row by the authors' WT103 → WT2 → PTB rule (docs/method.md Q1), or null. */
function targetOf(r: ReturnType<typeof readSheet>[number]): number | null {
  return r.ppl.wt103.value ?? r.ppl.wt2.value ?? r.ppl.ptb.value;
}

type SheetRow = ReturnType<typeof readSheet>[number];

/**
 * The authors' sheet sometimes gives two different systems one name (two rows with different
 * targets, e.g. a base and a big model), and we may have one row or one per evaluation under that
 * name. Each of our rows (those with a perplexity first) stands for the evaluation of its name
 * whose target is nearest its perplexity, among those not yet taken (the first free one when it
 * has none), together with any listed again with the same target; evaluations left over count as
 * missing. Returns the authors' row index → our row.
 */
function standIns(byName: Map<string, SheetRow[]>, authors: AuthorsRow[]): Map<number, SheetRow> {
  const out = new Map<number, SheetRow>();
  const evaluations = new Map<string, AuthorsRow[]>();
  for (const a of authors) evaluations.set(a.system, [...(evaluations.get(a.system) ?? []), a]);
  for (const [name, as] of evaluations) {
    const free = [...as];
    // Rows with a perplexity first: they can be matched by it.
    const rows = [...(byName.get(name) ?? [])].sort((x, y) => +(targetOf(x) === null) - +(targetOf(y) === null));
    for (const r of rows) {
      if (!free.length) break;
      const ours = targetOf(r);
      const far = (a: AuthorsRow) => (ours === null ? 0 : Math.abs(Math.log(ours / a.targetPpl)));
      const best = free.reduce((x, y) => (far(y) < far(x) ? y : x));
      // Evaluations listed more than once with one target (the same system) share the row.
      for (const a of free.filter((x) => x.targetPpl === best.targetPpl)) {
        out.set(a.index, r);
        free.splice(free.indexOf(a), 1);
      }
    }
  }
  return out;
}

/** One of the authors' evaluations beside our row: values, sources, prediction check and what is missing. */
function coverageRow(
  a: AuthorsRow,
  r: SheetRow,
  ours: number | null,
  paper: number | null,
  complete: boolean,
): Coverage["rows"][number] {
  const missingValues = [
    ours === null ? "perplexity (benchmark of the target unknown)" : "",
    r.param.value ? "" : "parameters",
    r.dataset.value ? "" : "dataset size",
    r.date ? "" : "date",
  ].filter(Boolean);
  return {
    index: a.index,
    system: a.system,
    theirs: a.targetPpl,
    ours,
    paper,
    complete,
    sources: Object.fromEntries(SOURCE_COLUMNS.map((c) => [c, r.meta[c] ?? ""])),
    check: r.meta["Prediction check"] ?? "",
    reason: missingValues.length ? `no ${missingValues.join(", ")}` : "",
  };
}

function coverage(records: ReturnType<typeof readSheet>, authors: AuthorsRow[]): Coverage {
  const byName = new Map<string, SheetRow[]>();
  for (const r of records) {
    const alias = (r.meta["Authors' system name"] ?? "").trim();
    for (const name of new Set([r.system, alias || r.system])) byName.set(name, [...(byName.get(name) ?? []), r]);
  }
  const authorNames = new Set(authors.map((a) => a.system));
  let matched = 0;
  let complete = 0;
  let targetAgrees = 0;
  const missing: string[] = [];
  const disagreements: Coverage["disagreements"] = [];
  const rows: Coverage["rows"] = [];
  const unsourced: string[] = [];
  let withPerplexity = 0;
  let paperPerplexity = 0;
  const bySource: Record<string, Record<string, number>> = Object.fromEntries(SOURCE_COLUMNS.map((c) => [c, {}]));
  const predictionCheck: Record<string, number> = {};
  const stands = standIns(byName, authors);
  const { extension, ...extensionCounts } = extensionCoverage(records, authorNames);
  for (const a of authors) {
    const r = stands.get(a.index);
    if (!r) {
      missing.push(a.system);
      rows.push({
        index: a.index,
        system: a.system,
        theirs: a.targetPpl,
        ours: null,
        paper: null,
        complete: false,
        sources: {},
        check: "",
        reason: "system not in the dataset",
      });
      continue;
    }
    matched++;
    const ours = targetOf(r);
    if (ours === null) unsourced.push(a.system);
    else withPerplexity++;
    for (const c of SOURCE_COLUMNS) bySource[c][r.meta[c] ?? ""] = (bySource[c][r.meta[c] ?? ""] ?? 0) + 1;
    const check = r.meta["Prediction check"] ?? "";
    predictionCheck[check] = (predictionCheck[check] ?? 0) + 1;
    const full = Boolean(r.param.value && r.dataset.value && r.date && ours);
    if (full) complete++;
    // Agreement is measured over perplexities read in a paper only: the paper's value where it
    // differs from the authors' (kept in `Paper perplexity`), the cell where its source is a paper.
    const paper =
      Number(r.meta["Paper perplexity"] || NaN) || (r.meta["Perplexity source"] === "authors" ? null : ours);
    rows.push(coverageRow(a, r, ours, paper, full));
    if (paper === null) continue;
    paperPerplexity++;
    if (Math.abs(paper / a.targetPpl - 1) <= 0.005) targetAgrees++;
    else disagreements.push({ system: a.system, ours: paper, theirs: a.targetPpl });
  }
  return {
    authorsRows: authors.length,
    matched,
    withPerplexity,
    paperPerplexity,
    complete,
    targetAgrees,
    bySource,
    predictionCheck,
    missing: [...new Set(missing)],
    unsourced,
    disagreements,
    ...extensionCounts,
    rows,
    extension,
  };
}

/** Rows beyond the authors' sample: evaluations, those from 2023 on, and how many the fits keep. */
function extensionCoverage(records: ReturnType<typeof readSheet>, authorNames: Set<string>) {
  let extensionEvaluations = 0;
  let extension2023 = 0;
  let extensionInFits = 0;
  let extension2023InFits = 0;
  const extension: Coverage["extension"] = [];
  for (const r of records) {
    const alias = (r.meta["Authors' system name"] ?? "").trim();
    if (authorNames.has(r.system) || (alias && authorNames.has(alias))) continue;
    const n = [r.ppl.wt103, r.ppl.wt2, r.ppl.ptb].filter((c) => c.value !== null).length;
    const reason =
      r.include === 0
        ? "Include? = 0"
        : r.outlier === 1
          ? "Outlier? = 1"
          : r.uncertain !== 0
            ? "uncertain"
            : !(r.param.value && r.dataset.value && r.date)
              ? "incomplete"
              : "";
    const year = r.date ? r.date.year : null;
    extension.push({ system: r.system, year, evaluations: n, inFits: reason === "", reason });
    extensionEvaluations += n;
    if (year !== null && year >= 2023) extension2023 += n;
    if (reason === "") {
      extensionInFits += n;
      if (year !== null && year >= 2023) extension2023InFits += n;
    }
  }
  return { extensionEvaluations, extension2023, extensionInFits, extension2023InFits, extension };
}
