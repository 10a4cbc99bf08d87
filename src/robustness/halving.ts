/**
 * Halving times with bootstrap intervals for lists of (sample, model, penalty, estimator) jobs: the
 * robustness checks and the specification curve are such lists (docs/method.md §5.8–§5.17).
 */
import { availableParallelism } from "node:os";
import { type FitData, normalisationOf } from "../fit/data.js";
import type { EstimatorName } from "../fit/estimators.js";
import { model } from "../fit/models.js";
import { bootstrap } from "../inference/bootstrap.js";
import { doublingTimes } from "../progress/doubling.js";
import { interval95 } from "../stats/percentile.js";
import { contentDigest } from "../util/result-cache.js";
import { months } from "../util/units.js";
import { liveWorkers, runPool, threadsFor } from "../util/workers.js";

/** A halving-time estimate with its bootstrap interval (months). */
export interface Estimate {
  p50: number;
  p2_5: number;
  p97_5: number;
  /** Rows used. */
  rows: number;
  /** Replicates without a finite halving time (failed fits or undefined growth), counted. */
  excluded: number;
}

/** Options shared by every check. */
export interface CheckOptions {
  estimator: EstimatorName;
  B: number;
  seed: number;
  /** Random starts per replicate for multi-start estimators (fewer than for a headline fit). */
  starts?: number;
  /** Threads of each bootstrap; by default chosen from its work (`bootstrap`). */
  threads?: number;
}

/**
 * Bootstrap the compute halving time of a model on a sample (analytic T_C of §5.1 for models that
 * have one, numerical Δ of §5.2 otherwise), with normalisation set from that sample (§2.5).
 */
export async function halving(
  data: FitData,
  modelId: string,
  delta: number,
  o: CheckOptions,
  which: "analytic" | "numerical" | "pre" | "post" = "analytic",
): Promise<Estimate> {
  const norm = normalisationOf(data);
  const numerical = which === "numerical";
  const b = await bootstrap(
    data,
    { modelId, fit: { estimator: o.estimator, delta, seed: o.seed, starts: o.starts ?? 4 }, norm, numerical },
    { B: o.B, seed: o.seed, threads: o.threads },
  );
  const names = model(modelId).params;
  const values = b.replicates.map((r) => {
    if (!Number.isFinite(r.objective)) return NaN;
    if (numerical) return months(r.numerical[0] ?? NaN);
    if (which === "pre" || which === "post") {
      const d = doublingTimes(modelId, Object.fromEntries(names.map((n, j) => [n, r.theta[j]])));
      return months(d[which === "pre" ? 0 : 1]?.TC ?? NaN);
    }
    return months(r.TC);
  });
  const ci = interval95(values);
  return { p50: ci.p50, p2_5: ci.p2_5, p97_5: ci.p97_5, rows: data.m, excluded: ci.nonFinite };
}

/** One `halving` of a list (`halvings`): its sample, model, penalty, estimator (default the options') and quantity. */
export interface HalvingJob {
  data: FitData;
  modelId: string;
  delta: number;
  estimator?: EstimatorName;
  which?: "analytic" | "numerical" | "pre" | "post";
}

/**
 * `halving` of each job, in order. The jobs' bootstraps are small (a tenth of a second to a few),
 * too small for each to pay for worker threads, but a list of them is not: the first runs here and
 * its time projects the rest, which run on worker threads, a job per thread at a time, when that
 * saves more than starting them costs (`threadsFor`), or on `threads` when given. The estimates do
 * not depend on the threads. Jobs with the same content (`contentDigest` of the sample, model,
 * penalty, estimator and quantity) are estimated once, and progress counts the distinct jobs.
 *
 * @example
 * const jobs = [{ data, modelId: "7", delta: 0.0025 }, { data, modelId: "7", delta: 0.01 }];
 * await halvings(jobs, { estimator: "faithful", B: 5, seed: 0 }); // [{ p50, p2_5, p97_5, rows, excluded }, …]
 */
export async function halvings(
  jobs: HalvingJob[],
  o: CheckOptions,
  onProgress?: (done: number, total: number) => void,
  threads?: number,
): Promise<Estimate[]> {
  // Jobs with the same content (two sample rules that keep the same rows) are estimated once: the
  // estimate is a function of the job and the options, so each gets the first one's, bit for bit.
  const first = firstSameJob(jobs, o);
  const distinct = first.flatMap((f, i) => (f === i ? [i] : []));
  const estimates = await distinctHalvings(
    distinct.map((i) => jobs[i]),
    o,
    onProgress,
    threads,
  );
  const at = new Map(distinct.map((i, k) => [i, estimates[k]]));
  return first.map((f) => ({ ...at.get(f)! }));
}

/**
 * For each job, the index of the first job with the same content (itself when it is the first):
 * the same sample (`contentDigest` of its columns), model, penalty, estimator (default the
 * options') and quantity, so the same estimate. Two sample rules that keep the same rows (top 3
 * per paper where no paper has more) give jobs that repeat each other.
 *
 * @example
 * const jobs = [{ data, modelId: "7", delta: 0.0025 }, { data, modelId: "7", delta: 0.01 }];
 * const again = { data: { ...data }, modelId: "7", delta: 0.0025 }; // the first job's content
 * firstSameJob([...jobs, again], { estimator: "faithful" }); // → [0, 1, 0]
 */
export function firstSameJob(jobs: HalvingJob[], o: Pick<CheckOptions, "estimator">): number[] {
  const firstOf = new Map<string, number>();
  return jobs.map((j, i) => {
    const key = contentDigest("halving", [
      j.data,
      j.modelId,
      j.delta,
      j.estimator ?? o.estimator,
      j.which ?? "analytic",
    ]);
    if (!firstOf.has(key)) firstOf.set(key, i);
    return firstOf.get(key)!;
  });
}

/** `halvings` of jobs that differ from one another. */
async function distinctHalvings(
  jobs: HalvingJob[],
  o: CheckOptions,
  onProgress?: (done: number, total: number) => void,
  threads?: number,
): Promise<Estimate[]> {
  if (jobs.length === 0) return [];
  const run = (j: HalvingJob) =>
    halving(j.data, j.modelId, j.delta, { ...o, estimator: j.estimator ?? o.estimator }, j.which);
  const t0 = performance.now();
  const first = await run(jobs[0]);
  onProgress?.(1, jobs.length);
  const rest = ((jobs.length - 1) * (performance.now() - t0)) / 1000;
  const n = Math.min(jobs.length - 1, threads ?? threadsFor(rest, availableParallelism(), liveWorkers()));
  if (n <= 1) {
    const out = [first];
    for (const j of jobs.slice(1)) {
      out.push(await run(j));
      onProgress?.(out.length, jobs.length);
    }
    return out;
  }
  // Each thread runs whole jobs; a job's bootstrap stays on its thread.
  const others = await runPool<Estimate>(
    import.meta.url,
    "halving-worker",
    jobs.length - 1,
    n,
    { jobs: jobs.slice(1), o: { ...o, threads: 1 } },
    { onProgress: (k) => onProgress?.(1 + k, jobs.length) },
  );
  return [first, ...others];
}
