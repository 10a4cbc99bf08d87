import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkDataset, readAuthorsList } from "../data/check.js";
import { InputError, decodeUtf8, parseCsv } from "../data/csv.js";
import { defaultDataFile, projectRoot } from "../notebook/params.js";
import { fixed } from "../util/format.js";

/**
 * `algoprogress data-check [--data FILE] [--json]`: schema, range and consistency checks of the
 * curated dataset, and its coverage of the authors' main sample. Exit code 1 on any error.
 */
export async function dataCheckCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: "string" }, json: { type: "boolean" } } });
  const file = values.data ?? defaultDataFile();
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(file, `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const table = parseCsv(decodeUtf8(bytes, file), file);
  const authors = readAuthorsList(join(projectRoot(), "data", "reference", "authors_sample_systems.csv"));
  const r = checkDataset(table, authors);
  if (values.json) {
    process.stdout.write(JSON.stringify(r, null, 1) + "\n");
    return r.errors.length ? 1 : 0;
  }
  const c = r.coverage;
  const pct = (k: number, n: number) => `${k}/${n} (${n ? fixed((100 * k) / n, 1) : "0"} %)`;
  const lines = [
    `${file}: ${table.records.length} systems`,
    `errors: ${r.errors.length}, warnings: ${r.warnings.length}`,
    ...r.errors.map((f) => `  error ${file}:${f.line} [${f.column}] ${f.system}: ${f.message}`),
    ...r.warnings.map((f) => `  warning ${file}:${f.line} [${f.column}] ${f.system}: ${f.message}`),
    "",
    "coverage of the authors' main sample (231 evaluations):",
    `  present:                     ${pct(c.matched, c.authorsRows)}`,
    `  with a perplexity:           ${pct(c.withPerplexity, c.authorsRows)} (read in a paper: ${c.paperPerplexity})`,
    `  with N, D, date, perplexity: ${pct(c.complete, c.authorsRows)}`,
    `  target within 0.5 %:         ${pct(c.targetAgrees, c.paperPerplexity)} of the perplexities read in a paper ` +
      `(independent of the authors)`,
    "  values by source (authors' rows present):",
    ...Object.entries(c.bySource).map(
      ([col, counts]) =>
        `    ${col.padEnd(20)} ${Object.entries(counts)
          .sort((a, b) => b[1] - a[1])
          .map(([src, n]) => `${src || "none"} ${n}`)
          .join(", ")}`,
    ),
    `  check against the authors' model predictions: ${Object.entries(c.predictionCheck)
      .map(([k, n]) => `${k || "not checked"} ${n}`)
      .join(", ")}`,
    `  extension: ${c.extensionEvaluations} evaluations beyond the authors' sample, ${c.extension2023} published ` +
      `2023 or later`,
    `             of which in the fits: ${c.extensionInFits} and ${c.extension2023InFits} (the rest: Include? = 0, ` +
      `uncertain or incomplete)`,
    c.missing.length
      ? `  missing systems (${c.missing.length}): ` +
        c.missing.slice(0, 12).join("; ") +
        (c.missing.length > 12 ? `; … ${c.missing.length - 12} more (--json lists all)` : "")
      : "",
    c.unsourced.length
      ? `  present, no perplexity (${c.unsourced.length}; the benchmark of the authors' target could not be ` +
        `identified): ${c.unsourced.slice(0, 8).join("; ")}` +
        (c.unsourced.length > 8 ? `; … ${c.unsourced.length - 8} more` : "")
      : "",
    ...c.disagreements.map((d) => `  target differs: ${d.system}: ours ${d.ours}, theirs ${d.theirs}`),
  ];
  process.stdout.write(lines.filter((l) => l !== "").join("\n") + "\n");
  return r.errors.length ? 1 : 0;
}
