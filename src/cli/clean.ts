import { UsageError } from "../util/errors.js";
import { SAMPLES, type SampleName } from "../data/clean.js";
import { parseArgs } from "node:util";
import { STAGE_LABELS } from "../data/clean.js";
import { loadEvaluations } from "../data/load.js";
import { formatTable } from "./table.js";

/**
 * `algoprogress clean --data FILE [--corrected-target] [--json]`: run the cleaning pipeline
 * (docs/method.md §1.3) and print the counts per stage and the cleaning log.
 */
export async function cleanCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: "string" },
      "corrected-target": { type: "boolean" },
      sample: { type: "string", default: "reproduction" },
      json: { type: "boolean" },
    },
    strict: true,
  });
  if (!values.data) throw new UsageError("clean needs --data FILE");
  if (!SAMPLES.includes(values.sample as SampleName))
    throw new UsageError(`--sample must be one of ${SAMPLES.join(", ")}, got "${values.sample}"`);
  const d = loadEvaluations(values.data, {
    correctedTarget: values["corrected-target"],
    sample: values.sample as SampleName,
  });
  if (values.json) {
    const excluded = d.log
      .filter((e) => e.action === "drop")
      .map((e) => ({ system: e.system, benchmark: e.benchmark, rule: e.rule, line: e.line }));
    process.stdout.write(
      JSON.stringify(
        {
          file: d.file,
          sha256: d.sha256,
          layout: d.layout,
          options: d.options,
          stages: d.stages,
          head: d.head,
          excluded,
          log: d.log,
        },
        null,
        1,
      ) + "\n",
    );
    return 0;
  }
  const out: string[] = [`${d.file} (${d.layout} layout, sha256 ${d.sha256.slice(0, 12)}…)`, ""];
  out.push(
    formatTable(
      ["stage", "rows"],
      STAGE_LABELS.map(([k, label]) => [label, String(d.stages[k])]),
    ),
  );
  const t = d.head.reduce((s, r) => s + r.transformer, 0);
  out.push(
    "",
    `main sample: ${d.head.length} rows (${t} transformer, ${d.head.length - t} other); target: ` +
      (d.options.correctedTarget
        ? "own-benchmark perplexity (Q1 corrected)"
        : "WT103→WT2→PTB fallback (as published, Q1)"),
  );
  out.push("", `cleaning log (${d.log.length} entries):`);
  out.push(
    formatTable(
      ["line", "system", "bench", "step", "rule", "action", "detail"],
      d.log.map((e) => [String(e.line), e.system, e.benchmark ?? "", String(e.step), e.rule, e.action, e.detail]),
    ),
  );
  process.stdout.write(out.join("\n") + "\n");
  return 0;
}
