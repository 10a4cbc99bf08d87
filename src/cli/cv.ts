import { SAMPLES, type SampleName } from "../data/clean.js";
import { parseArgs } from "node:util";
import { type Protocol, PROTOCOLS, DELTA_GRID, rankScores } from "../cv/crossval.js";
import { cvGrid } from "../cv/grid.js";
import { loadEvaluations } from "../data/load.js";
import { fitDataFromRows } from "../fit/data.js";
import { ESTIMATORS, type EstimatorName } from "../fit/estimators.js";
import { MODEL_IDS } from "../fit/models.js";
import { UsageError } from "../util/errors.js";
import { progressBar } from "./progress.js";
import { formatTable } from "./table.js";
import { fixed, significant } from "../util/format.js";

/** Parse "1-20", "7,10,13-15" into model ids. */
export function parseModels(text: string): string[] {
  const ids = text.split(",").flatMap((part) => {
    const m = /^(\d+)-(\d+)$/.exec(part.trim());
    if (m && Number(m[2]) < Number(m[1]))
      throw new UsageError(`--models range "${part.trim()}" runs backwards (write ${m[2]}-${m[1]})`);
    if (m) return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => String(Number(m[1]) + i));
    return [part.trim()];
  });
  for (const id of ids) if (!MODEL_IDS.includes(id)) throw new UsageError(`unknown model "${id}" in --models (1–20)`);
  return ids;
}

/**
 * `algoprogress cv --data FILE [--protocol as-run|cold|paper|kfold] [--estimator …]
 * [--models 1-20] [--deltas 0,0.001,…] [--json]`: cross-validate the grid (§6) and rank it.
 */
export async function cvCommand(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      data: { type: "string" },
      protocol: { type: "string", default: "as-run" },
      estimator: { type: "string", default: "faithful" },
      sample: { type: "string", default: "reproduction" },
      models: { type: "string", default: "1-20" },
      deltas: { type: "string" },
      seed: { type: "string", default: "1" },
      json: { type: "boolean" },
    },
  });
  if (!v.data) throw new UsageError("cv needs --data FILE");
  if (!PROTOCOLS.includes(v.protocol as Protocol))
    throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(", ")}`);
  if (!ESTIMATORS.includes(v.estimator as EstimatorName))
    throw new UsageError(`--estimator must be one of ${ESTIMATORS.join(", ")}`);
  const deltas = v.deltas ? v.deltas.split(",").map(Number) : DELTA_GRID;
  if (deltas.some((d) => !(d >= 0))) throw new UsageError(`--deltas must be non-negative numbers, got "${v.deltas}"`);
  const models = parseModels(v.models!);
  if (!/^\d+$/.test(v.seed!)) throw new UsageError(`--seed must be a non-negative integer, got "${v.seed}"`);
  if (!SAMPLES.includes(v.sample as SampleName))
    throw new UsageError(`--sample must be one of ${SAMPLES.join(", ")}, got "${v.sample}"`);
  const head = fitDataFromRows(loadEvaluations(v.data, { sample: v.sample as SampleName }).head);
  const bar = v.json ? null : progressBar(`cv ${v.protocol}`, models.length * deltas.length);
  const t = performance.now();
  const scores = await cvGrid(head, {
    protocol: v.protocol as Protocol,
    estimator: v.estimator as EstimatorName,
    models,
    deltas,
    seed: Number(v.seed),
    onProgress: (k) => bar?.update(k),
  });
  bar?.stop();
  const ranked = rankScores(scores);
  const seconds = (performance.now() - t) / 1000;
  if (v.json) {
    process.stdout.write(
      JSON.stringify(
        { protocol: v.protocol, estimator: v.estimator, rows: head.m, seconds, ranking: ranked },
        null,
        1,
      ) + "\n",
    );
    return 0;
  }
  const f = (x: number) => significant(x, 5);
  process.stdout.write(
    [
      `${v.protocol} cross-validation, ${v.estimator} estimator, ${head.m} rows, ${models.length} models × ` +
        `${deltas.length} penalties (${fixed(seconds, 1)} s)`,
      "",
      formatTable(
        ["rank", "model", "δ", "held-out MSE", "R²", "validation MSE", "folds", "skipped", "as published (Q8)"],
        ranked.map((s, i) => [
          String(i + 1),
          s.model,
          String(s.delta),
          f(s.mse),
          f(s.r2),
          f(s.validationMse),
          String(s.folds),
          String(s.skipped),
          s.asPublishedMse !== undefined ? f(s.asPublishedMse) : "",
        ]),
      ),
    ].join("\n") + "\n",
  );
  return 0;
}
