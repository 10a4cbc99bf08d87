import { parseArgs } from "node:util";
import { SAMPLES, type SampleName } from "../data/clean.js";
import { loadEvaluations } from "../data/load.js";
import { bootstrap } from "../inference/bootstrap.js";
import { bootstrapDoublings } from "../inference/doublings.js";
import { type FitData, fitDataFromRows, imputeVocabulary, normalisationOf } from "../fit/data.js";
import { ESTIMATORS, type EstimatorName, fitModel, namedParams } from "../fit/estimators.js";
import { model } from "../fit/models.js";
import { doublingTimes, numericalDoublings } from "../progress/doubling.js";
import { UsageError } from "../util/errors.js";
import { progressBar } from "./progress.js";
import { formatTable } from "./table.js";
import { months } from "../util/units.js";
import { fixed, scientific, significant } from "../util/format.js";

/**
 * `algoprogress fit --data FILE [--model 7] [--delta 0.0025] [--estimator faithful|penalized|nls|
 * penalized-slopes] [--bootstrap N] [--cluster] [--seed S] [--starts K] [--threads T]
 * [--corrected-target] [--json]`: fit a model to the main sample with fixed normalisation (§2.5),
 * report its parameters, optimiser diagnostics (§3) and doubling times (§5.1 analytic, §5.2
 * numerical), and bootstrap them by rows (§4.1) or by papers (`--cluster`, §4.2). Returns the
 * exit code (0; usage errors are thrown as `UsageError`).
 */
export async function fitCommand(argv: string[]): Promise<number> {
  const o = fitOptions(argv);
  // Only the fit's columns are kept: the cleaned rows (with every source cell) of a large sheet
  // would otherwise stay in memory through the fit.
  const { data, file } = fitInput(o);
  const result = await runFit(o, data);
  process.stdout.write(o.json ? JSON.stringify(result, null, 1) + "\n" : fitText(result, file));
  return 0;
}

/** The main sample of `--data` as the fit's columns, and the file's name as reported. */
function fitInput(o: ReturnType<typeof fitOptions>): { data: FitData; file: string } {
  const loaded = loadEvaluations(o.data, { correctedTarget: o.correctedTarget, sample: o.sample });
  return { data: fitDataFromRows(loaded.head), file: loaded.file };
}

/** Fit, doubling times and (with B > 0) the bootstrap, as the JSON result of `fit`. */
async function runFit(o: ReturnType<typeof fitOptions>, rows: FitData) {
  const { modelId, B, seed } = o;
  let data = rows;
  // Model 19 needs a vocabulary on every row: impute by benchmark (§5.11).
  if (model(modelId).needsVocab) data = imputeVocabulary(data);
  const norm = normalisationOf(data);
  const opts = { estimator: o.estimator, delta: o.delta, seed, starts: o.starts };
  let t = performance.now();
  const fit = fitModel(modelId, data, norm, opts);
  const fitMs = performance.now() - t;
  const params = namedParams(fit);
  const contexts = Number.isFinite(fit.objective) ? doublingTimes(modelId, params) : [];
  const numerical = Number.isFinite(fit.objective) ? numericalDoublings(modelId, fit.theta, norm) : [];
  const [d] = contexts;

  let boot = null;
  let bootMs = 0;
  if (B > 0) {
    const bar = o.json ? null : progressBar("bootstrap", B);
    t = performance.now();
    const b = await bootstrap(
      data,
      { modelId, fit: opts, norm, numerical: true },
      { B, seed, cluster: o.cluster, threads: o.threads, onProgress: (k) => bar?.update(k) },
    );
    bar?.stop();
    bootMs = performance.now() - t;
    const { contexts, numericalMonths } = bootstrapDoublings(modelId, b);
    boot = {
      replicates: B,
      failed: b.failed,
      nonConverged: b.nonConverged,
      cluster: o.cluster,
      seed,
      threads: b.threads,
      plan: b.plan,
      computeMonths: contexts[0]?.computeMonths ?? null,
      numericalMonths,
      contexts,
    };
  }
  const result = {
    model: modelId,
    delta: fit.delta,
    estimator: fit.estimator,
    n: data.m,
    objective: fit.objective,
    mse: fit.mse,
    converged: fit.converged,
    stop: fit.reason,
    iterations: fit.iterations,
    fnEvals: fit.fnEvals,
    exitMode: fit.status ?? null,
    optimality: fit.optimality,
    starts: fit.starts ?? null,
    params,
    normalisation: norm,
    doubling: d ? { parameterYears: d.TN, dataYears: d.TD, computeMonths: months(d.TC) } : null,
    doublingByContext: contexts.map((c) => ({
      label: c.label,
      parameterYears: c.TN,
      dataYears: c.TD,
      computeMonths: months(c.TC),
    })),
    numericalMonths: numerical.map(months),
    bootstrap: boot,
    timingsMs: { fit: fitMs, bootstrap: bootMs },
  };
  return result;
}

/** The options of `fit`, checked: a bad value is a UsageError naming the option. */
function fitOptions(argv: string[]) {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      data: { type: "string" },
      model: { type: "string", default: "7" },
      delta: { type: "string", default: "0.0025" },
      estimator: { type: "string", default: "faithful" },
      bootstrap: { type: "string", default: "0" },
      cluster: { type: "boolean" },
      seed: { type: "string", default: "0" },
      starts: { type: "string", default: "20" },
      threads: { type: "string" },
      "corrected-target": { type: "boolean" },
      sample: { type: "string", default: "reproduction" },
      json: { type: "boolean" },
    },
  });
  if (!v.data) throw new UsageError("fit needs --data FILE");
  if (!ESTIMATORS.includes(v.estimator as EstimatorName))
    throw new UsageError(`--estimator must be one of ${ESTIMATORS.join(", ")}`);
  const modelId = v.model!;
  try {
    model(modelId);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const delta = Number(v.delta);
  const B = Number(v.bootstrap);
  const seed = Number(v.seed);
  const starts = Number(v.starts);
  const threads = v.threads === undefined ? undefined : Number(v.threads);
  if (!(delta >= 0)) throw new UsageError(`--delta must be a non-negative number, got "${v.delta}"`);
  if (!Number.isInteger(B) || B < 0)
    throw new UsageError(`--bootstrap must be a non-negative integer, got "${v.bootstrap}"`);
  if (!Number.isInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a non-negative integer, got "${v.seed}"`);
  if (!Number.isInteger(starts) || starts < 0)
    throw new UsageError(`--starts must be a non-negative integer, got "${v.starts}"`);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1))
    throw new UsageError(`--threads must be a positive integer, got "${v.threads}"`);

  if (!SAMPLES.includes(v.sample as SampleName))
    throw new UsageError(`--sample must be one of ${SAMPLES.join(", ")}, got "${v.sample}"`);
  return {
    data: v.data,
    modelId,
    estimator: v.estimator as EstimatorName,
    delta,
    B,
    seed,
    starts,
    threads,
    cluster: v.cluster ?? false,
    correctedTarget: v["corrected-target"],
    sample: v.sample as SampleName,
    json: v.json ?? false,
  };
}

/** The text report of `fit`: header, optimiser diagnostics, parameters, doubling times, bootstrap. */
function fitText(r: Awaited<ReturnType<typeof runFit>>, file: string): string {
  const f = (x: number) => significant(x, 5);
  const ci = (x: { p2_5: number; p50: number; p97_5: number } | null) =>
    x ? `${f(x.p50)} (95 % CI ${f(x.p2_5)} to ${f(x.p97_5)})` : "—";
  const boot = r.bootstrap;
  const lines = [
    `model ${r.model} (${model(r.model).name}), estimator ${r.estimator}, δ = ${r.delta}, ${r.n} rows (${file})`,
    `objective ${f(r.objective)} (MSE ${f(r.mse)}), ${r.converged ? "converged" : "NOT CONVERGED"}: ` +
      `${r.stop}${r.exitMode !== null ? ` (SLSQP exit mode ${r.exitMode})` : ""}; ${r.iterations} ` +
      `iterations, ${r.fnEvals} evaluations; KKT violation ${scientific(r.optimality, 2)}`,
    r.starts
      ? `starts: ${r.starts.count} (${r.starts.failed} failed), ${r.starts.distinctOptima} distinct local ` +
        `optima, best from start ${r.starts.winner} ` +
        (r.starts.zeroStartBest ? "(the zero start was best)" : "(the zero start was NOT best)")
      : "",
    "",
    formatTable(
      ["parameter", "estimate"],
      Object.entries(r.params).map(([k, x]) => [k, f(x)]),
    ),
    "",
    r.doublingByContext.length
      ? formatTable(
          ["context", "T_N (years)", "T_D (years)", "T_C (months)"],
          r.doublingByContext.map((c) => [c.label, f(c.parameterYears), f(c.dataYears), f(c.computeMonths)]),
        )
      : "no analytic doubling time for this model (§5.1)",
    r.numericalMonths.length
      ? "numerical optimal-scaling doubling time Δ (§5.2, 1e25 FLOP, 2023): " +
        `${r.numericalMonths.map(f).join(" / ")} months`
      : "",
    boot
      ? `\nbootstrap: ${boot.replicates} ${boot.cluster ? "paper-cluster" : "row"} resamples, seed ${boot.seed}, ` +
        `${boot.plan}; ${boot.failed} failed (non-finite), ${boot.nonConverged} not converged (kept)`
      : "",
    boot
      ? formatTable(
          ["context", "T_C months: median (95 % CI)", "share g_N + g_D ≤ 0"],
          boot.contexts.map((c) => [c.label, ci(c.computeMonths), f(c.nonPositiveShare)]),
        )
      : "",
    boot
      ? `numerical Δ months: ${ci(boot.numericalMonths)}` +
        (boot.numericalMonths.nonFinite ? `; ${boot.numericalMonths.nonFinite} replicate values without a root` : "")
      : "",
    `\ntime: fit ${fixed(r.timingsMs.fit, 1)} ms` +
      (boot ? `, bootstrap ${fixed(r.timingsMs.bootstrap / 1000, 2)} s` : ""),
  ];
  return lines.filter((l) => l !== "").join("\n") + "\n";
}
