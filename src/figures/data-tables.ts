import { type LogEntry, STAGE_LABELS, type Stages } from "../data/clean.js";
import type { Coverage } from "../data/check.js";
import type { EvalRow } from "../data/types.js";
import type { TableSpec } from "./table.js";
import { fixed, range, scientific } from "../util/format.js";

/**
 * Rows remaining after each cleaning step (docs/method.md §1.3), with the authors' counts where printed (§8 S1).
 *
 * @example
 * const { stages } = loadEvaluations("data/lm_evaluations.csv");
 * stagesTable(stages).rows.at(-2); // → ["step 17: top 3 per paper = main (head) sample", 226, 231]
 */
export function stagesTable(
  stages: Stages,
  caption = "Rows remaining after each step of the cleaning pipeline.",
): TableSpec {
  const published: Partial<Record<keyof Stages, number>> = { long: 281, full: 261, head: 231, cluster: 261 };
  return {
    caption,
    columns: ["stage", "rows", "authors' run"],
    rows: STAGE_LABELS.map(([k, label]) => [label, stages[k], published[k] ?? null]),
  };
}

/**
 * The cleaning log grouped by rule: how many rows each rule dropped, changed or warned about.
 *
 * @example
 * const { log } = loadEvaluations("data/lm_evaluations.csv");
 * cleaningLogSummary(log).rows[0].slice(0, 4); // → [1, "sample-not-authors", "drop", 49]
 */
export function cleaningLogSummary(log: LogEntry[], caption = "Cleaning log by rule."): TableSpec {
  const groups = new Map<string, { step: number; rule: string; action: string; n: number; example: string }>();
  for (const e of log) {
    const k = `${e.step}|${e.rule}|${e.action}`;
    const g = groups.get(k) ?? {
      step: e.step,
      rule: e.rule,
      action: e.action,
      n: 0,
      example: `${e.system}: ${e.detail}`,
    };
    g.n++;
    groups.set(k, g);
  }
  return {
    caption,
    columns: ["step", "rule", "action", "rows", "example"],
    rows: [...groups.values()]
      .sort((a, b) => a.step - b.step || a.rule.localeCompare(b.rule))
      .map((g) => [g.step, g.rule, g.action, g.n, g.example]),
  };
}

/**
 * Every entry of the cleaning log, in pipeline order.
 *
 * @example
 * const { log } = loadEvaluations("data/lm_evaluations.csv");
 * cleaningLogTable(log).rows.length; // → 53
 */
export function cleaningLogTable(
  log: LogEntry[],
  caption = "Cleaning log: every row a step dropped, changed or warned about.",
): TableSpec {
  return {
    caption,
    columns: ["line", "system", "benchmark", "step", "rule", "action", "detail"],
    rows: log.map((e) => [e.line, e.system, e.benchmark ?? "", e.step, e.rule, e.action, e.detail]),
  };
}

/**
 * Composition of a sample: rows per benchmark and architecture, date range.
 *
 * @example
 * const { head } = loadEvaluations("data/lm_evaluations.csv");
 * sampleSummary(head, "The main sample.").rows.slice(0, 3); // → [["rows", 226], ["papers", 143], ["systems", 223]]
 */
export function sampleSummary(rows: EvalRow[], caption: string): TableSpec {
  const bench = ["wt103", "wt2", "ptb"] as const;
  const count = (f: (r: EvalRow) => boolean) => rows.filter(f).length;
  const span = (f: (r: EvalRow) => number) => {
    const xs = rows.map(f);
    return range(Math.min(...xs), Math.max(...xs), (x) => scientific(x, 1));
  };
  return {
    caption,
    columns: ["", "value"],
    rows: [
      ["rows", rows.length],
      ["papers", new Set(rows.map((r) => r.reference)).size],
      ["systems", new Set(rows.map((r) => r.system)).size],
      ...bench.map((b) => [`rows on ${b}`, count((r) => r.benchmark === b)] as [string, number]),
      ["transformer rows (T = 1)", count((r) => r.transformer === 1)],
      [
        "publication dates",
        rows.length
          ? `${rows.reduce((m, r) => (r.date < m ? r.date : m), rows[0].date)} – ` +
            `${rows.reduce((m, r) => (r.date > m ? r.date : m), rows[0].date)}`
          : "",
      ],
      ["parameters N", rows.length ? span((r) => r.param) : ""],
      ["dataset size D (tokens)", rows.length ? span((r) => r.dataset) : ""],
    ],
  };
}

/**
 * Coverage of the authors' 231 evaluations by a dataset (issue 3 acceptance): present, with a
 * sourced perplexity, complete (N, D, date and perplexity), target perplexity within 0.5 % of theirs (Q1 rule), and
 * what the
 * rows beyond their sample add, in all and in the fits.
 *
 * @example
 * const { coverage } = checkDatasetFile("data/lm_evaluations.csv");
 * coverageTable(coverage).rows[0]; // → ["authors' evaluations present", 231, "100.0 %"]
 */
export function coverageTable(
  c: Coverage,
  caption = "Coverage of the authors' 231 evaluations, and the extension.",
): TableSpec {
  const pct = (k: number, n: number) => (n ? `${fixed((100 * k) / n, 1)} %` : "");
  return {
    caption,
    columns: ["", "evaluations", "share"],
    rows: [
      ["authors' evaluations present", c.matched, pct(c.matched, c.authorsRows)],
      ["… with a perplexity (any source)", c.withPerplexity, pct(c.withPerplexity, c.authorsRows)],
      ["… with a perplexity read in a paper", c.paperPerplexity, pct(c.paperPerplexity, c.authorsRows)],
      ["… with parameters, dataset size, date and perplexity", c.complete, pct(c.complete, c.authorsRows)],
      [
        "… paper-read perplexity within 0.5 % of the authors' target (share of those read in a paper)",
        c.targetAgrees,
        pct(c.targetAgrees, c.paperPerplexity),
      ],
      [
        "… reproducing the authors' own model predictions",
        c.predictionCheck.agrees ?? 0,
        pct(c.predictionCheck.agrees ?? 0, c.authorsRows),
      ],
      ["authors' evaluations missing", c.authorsRows - c.matched, pct(c.authorsRows - c.matched, c.authorsRows)],
      ["evaluations beyond the authors' sample", c.extensionEvaluations, ""],
      ["… published 2023 or later", c.extension2023, ""],
      ["… entering the fits", c.extensionInFits, pct(c.extensionInFits, c.extensionEvaluations)],
      ["… 2023 or later and entering the fits", c.extension2023InFits, pct(c.extension2023InFits, c.extension2023)],
    ],
  };
}

/**
 * The authors' evaluations that cannot enter the reproduction sample, and why.
 *
 * @example
 * const { coverage } = checkDatasetFile("data/lm_evaluations.csv");
 * missingEvaluationsTable(coverage).rows.length; // → 4
 */
export function missingEvaluationsTable(
  c: Coverage,
  caption = "The authors' evaluations this dataset cannot complete, and why.",
): TableSpec {
  return {
    caption,
    columns: ["authors' row", "system", "authors' target perplexity", "why"],
    rows: c.rows.filter((r) => !r.complete).map((r) => [r.index, r.system, r.theirs, r.reason || "incomplete"]),
  };
}

/**
 * The authors' evaluations whose values do not reproduce the authors' own model predictions.
 *
 * @example
 * const { coverage } = checkDatasetFile("data/lm_evaluations.csv");
 * predictionMismatchTable(coverage).rows.length; // → 20
 */
export function predictionMismatchTable(
  c: Coverage,
  caption = "The authors' evaluations whose values do not reproduce the authors' own predictions of them.",
): TableSpec {
  return {
    caption,
    columns: ["authors' row", "system", "parameters from", "dataset size from", "date from"],
    rows: c.rows
      .filter((r) => r.check === "differs")
      .map((r) => [
        r.index,
        r.system,
        r.sources["Parameters source"] || "—",
        r.sources["Dataset size source"] || "—",
        r.sources["Date source"] || "—",
      ]),
  };
}

/**
 * The systems beyond the authors' sample by publication year: evaluations, and how many enter the fits and why not.
 *
 * @example
 * const { coverage } = checkDatasetFile("data/lm_evaluations.csv");
 * // year, systems, evaluations, evaluations in the fits, why the others are left out
 * extensionTable(coverage).rows.at(-1); // → [2024, 18, 18, 13, "Include? = 0: 5"]
 */
export function extensionTable(
  c: Coverage,
  caption = "Evaluations beyond the authors' sample by publication year.",
): TableSpec {
  const years = [...new Set(c.extension.map((e) => e.year ?? 0))].sort((a, b) => a - b);
  return {
    caption,
    columns: ["year", "systems", "evaluations", "in the fits", "left out (reason: evaluations)"],
    rows: years.map((y) => {
      const es = c.extension.filter((e) => (e.year ?? 0) === y);
      const reasons = new Map<string, number>();
      for (const e of es) if (!e.inFits) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + e.evaluations);
      return [
        y || "no date",
        es.length,
        es.reduce((s, e) => s + e.evaluations, 0),
        es.filter((e) => e.inFits).reduce((s, e) => s + e.evaluations, 0),
        [...reasons].map(([r, n]) => `${r}: ${n}`).join("; "),
      ];
    }),
  };
}
