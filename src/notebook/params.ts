import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { SampleName } from "../data/clean.js";
import { interval95 } from "../stats/percentile.js";
import { progressLines } from "../util/progress.js";
import { writeFileAtomic } from "../util/atomic.js";

/** Parameters every notebook reads (set by `npm run report -- …`, defaults for interactive use). */
export interface NotebookParams {
  /** Data file (authors' sheet layout or plain table). */
  data: string;
  /** Seed of every random choice. */
  seed: number;
  /** Bootstrap replicates. */
  bootstrap: number;
  /** Estimator the report leads with. */
  estimator: string;
  /** Fewer replicates and grid points, for a fast look. */
  quick: boolean;
  /** Which sample of the data file (`reproduction`, `verified`, `extended`; docs/method.md §1.5). */
  sample: SampleName;
}

/** The package's root folder (where package.json is). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the algoprogress package root");
    dir = up;
  }
  return dir;
}

/** The embedded dataset that notebooks and the report use by default. */
export function defaultDataFile(): string {
  return join(projectRoot(), "data", "lm_evaluations.csv");
}

/** Environment variable carrying the parameters (JSON) from the report build to notebooks. */
export const PARAMS_ENV = "ALGOPROGRESS_PARAMS";
/** Environment variable naming the JSON file where a notebook records values for the report's prose. */
export const VALUES_ENV = "ALGOPROGRESS_VALUES";

/**
 * The parameters of this run: the JSON in `ALGOPROGRESS_PARAMS` over the defaults (embedded
 * dataset, its reproduction sample, seed 0, 100 replicates, faithful estimator). The one way notebooks get parameters.
 *
 * @example
 * // Outside a report build (ALGOPROGRESS_PARAMS unset): the defaults, `data` an absolute path.
 * notebookParams(); // → { seed: 0, bootstrap: 100, estimator: "faithful", quick: false, sample: "reproduction" }
 */
export function notebookParams(): NotebookParams {
  const defaults: NotebookParams = {
    data: defaultDataFile(),
    seed: 0,
    bootstrap: 100,
    estimator: "faithful",
    quick: false,
    sample: "reproduction",
  };
  const raw = process.env[PARAMS_ENV];
  if (!raw) return defaults;
  const given = JSON.parse(raw) as Partial<NotebookParams>;
  const p = { ...defaults, ...given };
  p.data = resolve(p.data);
  return p;
}

/**
 * Record named values (numbers, strings) computed by a notebook so the report's prose can use
 * them (`{{key}}` placeholders). Without a report build this returns the values and writes nothing.
 * A number that is not finite is refused (it would print as NaN or null in the report): record a
 * text that says why the quantity is undefined instead.
 *
 * @example
 * // Outside a report build (ALGOPROGRESS_VALUES unset) nothing is written.
 * recordValues({ modelId: "7", rows: data.m }); // → { modelId: "7", rows: 226 }
 */
export function recordValues(values: Record<string, number | string>): Record<string, number | string> {
  for (const [key, v] of Object.entries(values)) {
    if (typeof v === "number" && !Number.isFinite(v))
      throw new Error(`recordValues: "${key}" is ${v}; record a text saying why it is undefined`);
  }
  const file = process.env[VALUES_ENV];
  if (file) {
    const old = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
    writeFileAtomic(file, JSON.stringify({ ...old, ...values }, null, 1) + "\n");
  }
  return values;
}

/**
 * A progress callback for a heavy cell (`onProgress` of `cvGrid`, `bootstrap`,
 * `specificationCurve`): prints "label: done/total" at each quarter of the work into the cell's
 * output while it runs. Silent in a report build (ALGOPROGRESS_VALUES set), whose pages show
 * results, not how they were waited for.
 *
 * @example
 * const onProgress = cellProgress("cold-start cross-validation"); // pass as { onProgress } to cvGrid
 */
export function cellProgress(label: string): (done: number, total: number) => void {
  if (process.env[VALUES_ENV]) return () => {};
  let update: ((done: number) => void) | null = null;
  return (done, total) => (update ??= progressLines(label, total, (line) => console.log(line)))(done);
}

/**
 * Record the median and 95 % interval of `xs` as `<key>`, `<key>Low`, `<key>High` (full precision,
 * for the reproduction scorecard, docs/method.md §8), and the count of values that were not finite
 * as `<key>NonFinite`. A median that is not defined is recorded as a text saying so.
 *
 * @example
 * // T_C in years over the bootstrap replicates; written only in a report build (ALGOPROGRESS_VALUES set).
 * const recorded = recordInterval("TC", boot.replicates.map((r) => r.TC));
 * recorded; // → { TC: 0.778, TCLow: 0.315, TCHigh: 1.238, TCNonFinite: 0 }
 */
export function recordInterval(key: string, xs: number[]): Record<string, number | string> {
  const c = interval95(xs);
  const v = (x: number) => (Number.isFinite(x) ? x : "not defined (no finite value)");
  return recordValues({
    [key]: v(c.p50),
    [`${key}Low`]: v(c.p2_5),
    [`${key}High`]: v(c.p97_5),
    [`${key}NonFinite`]: c.nonFinite,
  });
}
