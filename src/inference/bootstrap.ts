import { availableParallelism } from "node:os";
import { median } from "simple-statistics";
import { liveWorkers, runPool, threadsFor } from "../util/workers.js";
import { doublingTimes, numericalDoublings } from "../progress/doubling.js";
import { type Mt19937, mt19937, resampleIndices } from "../random/mt19937.js";
import { type FitData, type Normalisation, paperRows } from "../fit/data.js";
import { DEFAULT_STARTS, type FitEstimate, type FitOptions, namedParams, rowFitter } from "../fit/estimators.js";
import { IdentificationError, identificationProblems } from "../fit/identification.js";
import { buildDesign, model } from "../fit/models.js";
import { cachedResult } from "../util/result-cache.js";

/** What to bootstrap: a model, an estimator, fixed normalisation constants (§2.5, §4.1). */
export interface BootstrapSpec {
  modelId: string;
  fit: FitOptions;
  norm: Normalisation;
  /** Also compute the numerical optimal-scaling doubling time (§5.2) per replicate. */
  numerical: boolean;
}

/** One replicate's outcome. */
export interface Replicate {
  theta: number[];
  objective: number;
  converged: boolean;
  /** Analytic T_C (years) of the first context (§5.1), NaN when not defined. */
  TC: number;
  TN: number;
  TD: number;
  /** Numerical Δ (years), one per benchmark for benchmark-specific models; empty unless requested. */
  numerical: number[];
}

/** A bootstrap run. */
export interface BootstrapResult {
  replicates: Replicate[];
  /** Replicates whose fit returned a non-finite objective (excluded from summaries, counted). */
  failed: number;
  /** Replicates whose optimiser did not report convergence (kept, as the authors did; counted). */
  nonConverged: number;
  seed: number;
  cluster: boolean;
  /** Threads the replicates ran on (the calling thread alone, or worker threads for the rest). */
  threads: number;
  /** Why: the projected work and the choice made from it. */
  plan: string;
}

/**
 * Resample indices for B replicates from one MT19937 stream seeded once (§4.1): by rows (m draws
 * with replacement), or by paper clusters (draw as many papers as there are, with replacement, and
 * take all rows of each drawn paper, §4.2 recommended addition).
 *
 * @example
 * // Row indices as np.random.RandomState(0).randint(0, 225, 225) draws them:
 * Array.from(resamples(data, 3, 0)[0].slice(0, 5)); // → [172, 47, 117, 192, 67]
 * resamples(data, 3, 0, true).map((idx) => idx.length); // → [220, 239, 234]
 */
export function resamples(data: FitData, B: number, seed: number, cluster = false): Uint32Array[] {
  const rng: Mt19937 = mt19937(seed);
  if (!cluster) return Array.from({ length: B }, () => resampleIndices(rng, data.m));
  // Papers in order of their index (§1.3 step 18), each with its rows in row order.
  const groups = paperRows(data).sort((a, b) => data.cluster[a[0]] - data.cluster[b[0]]);
  return Array.from({ length: B }, () => {
    const idx: number[] = [];
    for (let k = 0; k < groups.length; k++) idx.push(...groups[rng.interval(groups.length - 1)]);
    return Uint32Array.from(idx);
  });
}

/**
 * A replicate fitter for one data set (in a worker or in-process): builds the model's design once
 * with the fixed normalisation (§2.5), then fits each resample as a row subset of it (identical to
 * building the resample's own design) and derives its doubling times: analytic T_N, T_D, T_C of
 * the first context (§5.1, years) and, when requested, the numerical Δ (§5.2, years).
 */
export function replicateRunner(data: FitData, spec: BootstrapSpec): (idx: Uint32Array) => Replicate {
  const full = buildDesign(model(spec.modelId), data, spec.norm);
  // A model the full sample cannot identify fails here, by name, before any replicate runs.
  const problems = identificationProblems(full);
  if (problems.length) throw new IdentificationError(problems.join("; "));
  const fit = rowFitter(full, data.y, spec.fit);
  return (idx) => {
    let r: FitEstimate;
    try {
      r = fit(idx);
    } catch (e) {
      // A resample that happens to lose the variation a slope needs is a failed replicate, counted
      // (`rowFitter` checks it first, and refuses the design by name).
      if (!(e instanceof IdentificationError)) throw e;
      return {
        theta: Array.from({ length: full.p }, () => NaN),
        objective: Infinity,
        converged: false,
        TC: NaN,
        TN: NaN,
        TD: NaN,
        numerical: [],
      };
    }
    const ok = Number.isFinite(r.objective) && r.theta.every(Number.isFinite);
    const d = ok
      ? doublingTimes(spec.modelId, namedParams({ params: full.spec.params, theta: r.theta }))[0]
      : undefined;
    return {
      theta: Array.from(r.theta),
      objective: ok ? r.objective : Infinity,
      converged: r.converged,
      TC: d?.TC ?? NaN,
      TN: d?.TN ?? NaN,
      TD: d?.TD ?? NaN,
      numerical: spec.numerical && ok ? numericalDoublings(spec.modelId, r.theta, spec.norm) : [],
    };
  };
}

/** Fit one resample (rows `idx` of `data`) and derive its doubling times; see `replicateRunner`. */
export function runReplicate(data: FitData, idx: Uint32Array, spec: BootstrapSpec): Replicate {
  return replicateRunner(data, spec)(idx);
}

/**
 * Nonparametric bootstrap (§4.1): the indices of every replicate are drawn up front from one seeded
 * stream, then the replicates are fitted: the first few in the calling thread, the rest there too
 * or on up to `threads` worker threads (default: all cores) when the projected work is long
 * enough to pay for starting them (`threadsFor`; `plan` says what was chosen and why). Results
 * are identical for any number of threads. Each replicate refits from the estimator's start with
 * the same fixed normalisation. Where a result cache is set (`ALGOPROGRESS_CACHE`, §11), a run
 * with the same data, specification, B, seed and resampling is reused, bit for bit (`plan` says so),
 * whether or not it was stored with the numerical doubling times this one asks for (`asAsked`).
 *
 * @example
 * const spec = { modelId: "7", fit: { estimator: "faithful", delta: 0.0025 } as const, norm, numerical: false };
 * const b = await bootstrap(data, spec, { B: 5, seed: 0, threads: 1 });
 * b; // → { failed: 0, nonConverged: 0, threads: 1, plan: "1 thread (as asked)" }
 * b.replicates[0].TC; // → 0.824
 */
export async function bootstrap(data: FitData, spec: BootstrapSpec, opts: BootstrapOptions): Promise<BootstrapResult> {
  let computed = false;
  // The fit options as the estimator reads them: starts and their seed do not enter a faithful fit.
  const f = spec.fit;
  const fit =
    f.estimator === "faithful"
      ? { estimator: f.estimator, delta: f.delta, start: f.start ?? null }
      : { estimator: f.estimator, delta: f.delta, starts: f.starts ?? DEFAULT_STARTS, seed: f.seed ?? 0 };
  // Whether numerical doubling times are wanted is not part of the key: the fits are the same, and a
  // run stored with or without them is reused with them derived or dropped (`asAsked`).
  const key = [data, spec.modelId, fit, spec.norm, opts.B, opts.seed, opts.cluster ?? false];
  const r = await cachedResult("bootstrap", key, () => ((computed = true), runBootstrap(data, spec, opts)));
  if (computed) return r;
  opts.onProgress?.(opts.B, opts.B);
  return {
    ...r,
    replicates: asAsked(r.replicates, spec),
    plan: `reused from the result cache (computed on ${r.plan})`,
  };
}

/**
 * Stored replicates as `spec` asks for them: the numerical doubling times (§5.2) of each fitted
 * replicate derived where `spec` wants them and the run was stored without, dropped where it does
 * not want them. The same doubles as a run computed with `spec` (`replicateRunner`).
 */
function asAsked(replicates: Replicate[], spec: BootstrapSpec): Replicate[] {
  return replicates.map((r) => {
    if (!spec.numerical) return r.numerical.length ? { ...r, numerical: [] } : r;
    if (r.numerical.length || !Number.isFinite(r.objective)) return r;
    return { ...r, numerical: numericalDoublings(spec.modelId, r.theta, spec.norm) };
  });
}

/** How many replicates, from which seed, resampling rows or papers, on how many threads. */
export interface BootstrapOptions {
  B: number;
  seed: number;
  cluster?: boolean;
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

/** `bootstrap` without the cache. */
async function runBootstrap(data: FitData, spec: BootstrapSpec, opts: BootstrapOptions): Promise<BootstrapResult> {
  const all = resamples(data, opts.B, opts.seed, opts.cluster);
  const out: Replicate[] = new Array(opts.B);
  let done = 0;
  const run = replicateRunner(data, spec);
  const serial = (upTo: number) => {
    for (; done < upTo; done++) {
      out[done] = run(all[done]);
      opts.onProgress?.(done + 1, opts.B);
    }
  };
  // Threads as asked, or by default parallel only where it pays: time the first replicates here,
  // project the rest, and start worker threads only when they save more than starting them costs
  // (`threadsFor`). The replicates are the same whichever thread fits them.
  let threads = opts.threads === undefined ? 1 : Math.min(opts.threads, Math.max(1, opts.B));
  let plan = `${threads} thread${threads === 1 ? "" : "s"} (as asked)`;
  const maxThreads = Math.min(availableParallelism(), opts.B);
  const warm = liveWorkers();
  if (opts.threads === undefined && maxThreads <= 1) plan = "1 thread (one core or one replicate)";
  else if (opts.threads === undefined && warm >= maxThreads) {
    // Workers left running by an earlier call cost nothing to start: no probe, all threads.
    threads = maxThreads;
    plan = `${threads} threads (workers already running)`;
  } else if (opts.threads === undefined) {
    // The first replicates compile the code, and compilation and garbage collection go on in
    // bursts for a while: the rate is the median replicate time of the second half of the probe.
    const t0 = performance.now();
    const times: number[] = [];
    for (let now = t0; done < opts.B && now - t0 < PROBE_MS;) {
      serial(done + 1);
      const end = performance.now();
      if (now - t0 >= PROBE_MS / 2) times.push(end - now);
      now = end;
    }
    const per = times.length ? median(times) : (performance.now() - t0) / done;
    const rest = ((opts.B - done) * per) / 1000;
    threads = opts.B > done ? threadsFor(rest, maxThreads, warm) : 1;
    // Whole milliseconds in the plan: a number formatter's first use starts ICU (about 10 ms), which
    // a bootstrap run for its JSON alone would otherwise pay for this one message.
    const left = `${Math.round(rest * 1000)} ms of work left after ${done} replicates`;
    plan =
      threads > 1
        ? `${threads} threads (${left}; ${warm >= threads ? "workers already running" : "worth starting workers"})`
        : `1 thread (${left}: starting workers would cost more than they save)`;
  }
  if (threads === 1) serial(opts.B);
  else {
    const first = done;
    const reps = await runPool<Replicate>(
      import.meta.url,
      "bootstrap-worker",
      opts.B - first,
      threads,
      { data, spec, indices: all.slice(first) },
      { onProgress: (k) => opts.onProgress?.(first + k, opts.B) },
    );
    reps.forEach((r, i) => (out[first + i] = r));
  }
  return {
    replicates: out,
    failed: out.filter((r) => !Number.isFinite(r.objective)).length,
    nonConverged: out.filter((r) => Number.isFinite(r.objective) && !r.converged).length,
    seed: opts.seed,
    cluster: opts.cluster ?? false,
    threads,
    plan,
  };
}

/** Milliseconds of replicates fitted in the calling thread before `bootstrap` decides whether threads pay. */
const PROBE_MS = 150;
