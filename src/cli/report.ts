import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SAMPLES, type SampleName } from "../data/clean.js";
import { ESTIMATORS, type EstimatorName } from "../fit/estimators.js";
import { type NotebookParams, notebookParams, projectRoot } from "../notebook/params.js";
import { BuildError, buildReport } from "../report/build.js";
import { RenderError } from "../report/render.js";
import { UsageError } from "../util/errors.js";

/**
 * `algoprogress report [--data FILE] [--seed S] [--bootstrap N] [--estimator E] [--sample S] [--quick]
 * [--force] [--out DIR] [--no-pdf]`: execute the notebooks and render report.html and report.pdf.
 */
export async function reportCommand(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      data: { type: "string" },
      seed: { type: "string" },
      bootstrap: { type: "string" },
      estimator: { type: "string" },
      sample: { type: "string" },
      quick: { type: "boolean" },
      force: { type: "boolean" },
      out: { type: "string" },
      notebooks: { type: "string" },
      "no-pdf": { type: "boolean" },
    },
  });
  const root = projectRoot();
  const defaults = notebookParams();
  const int = (s: string | undefined, name: string, fallback: number) => {
    if (s === undefined) return fallback;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${s}"`);
    return n;
  };
  if (v.estimator !== undefined && !ESTIMATORS.includes(v.estimator as EstimatorName))
    throw new UsageError(`--estimator must be one of ${ESTIMATORS.join(", ")}, got "${v.estimator}"`);
  if (v.sample !== undefined && !SAMPLES.includes(v.sample as SampleName))
    throw new UsageError(`--sample must be one of ${SAMPLES.join(", ")}, got "${v.sample}"`);
  const params: NotebookParams = {
    data: resolve(v.data ?? defaults.data),
    seed: int(v.seed, "seed", defaults.seed),
    bootstrap: int(v.bootstrap, "bootstrap", v.quick ? 20 : defaults.bootstrap),
    estimator: v.estimator ?? defaults.estimator,
    sample: (v.sample ?? defaults.sample) as SampleName,
    quick: v.quick ?? false,
  };
  try {
    await buildReport({
      params,
      notebooksDir: resolve(v.notebooks ?? join(root, "notebooks")),
      outDir: resolve(v.out ?? join(root, "report", "dist")),
      frontDir: join(root, "report"),
      force: v.force ?? false,
      pdf: !v["no-pdf"],
      log: (line) => process.stderr.write(line + "\n"),
    });
    return 0;
  } catch (e) {
    // A build that cannot finish (a notebook failed, the prose names a value no notebook recorded)
    // says so in one line; the previous report is left in place.
    if (e instanceof BuildError || e instanceof RenderError) {
      process.stderr.write(`report build failed: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
