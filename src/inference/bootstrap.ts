import { availableParallelism } from "node:os";
import { runPool } from "../util/workers.js";
import { doublingTimes, numericalDoublings } from "../progress/doubling.js";
import { type Mt19937, mt19937, resampleIndices } from "../random/mt19937.js";
import type { FitData, Normalisation } from "../fit/data.js";
import { type FitOptions, fitDesign, namedParams } from "../fit/estimators.js";
import { IdentificationError, identificationProblems } from "../fit/identification.js";
import { buildDesign, model, subsetDesign } from "../fit/models.js";

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
  threads: number;
}

/**
 * Resample indices for B replicates from one MT19937 stream seeded once (§4.1): by rows (m draws
 * with replacement), or by paper clusters (draw as many papers as there are, with replacement, and
 * take all rows of each drawn paper, §4.2 recommended addition).
 */
export function resamples(data: FitData, B: number, seed: number, cluster = false): Uint32Array[] {
  const rng: Mt19937 = mt19937(seed);
  if (!cluster) return Array.from({ length: B }, () => resampleIndices(rng, data.m));
  // Papers in order of their index (§1.3 step 18), each with its rows in row order.
  const papers = new Map<number, number[]>();
  for (let i = 0; i < data.m; i++) {
    const rows = papers.get(data.cluster[i]);
    if (rows) rows.push(i);
    else papers.set(data.cluster[i], [i]);
  }
  const groups = [...papers.entries()].sort((a, b) => a[0] - b[0]).map(([, rows]) => rows);
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
  return (idx) => {
    const sub = subsetDesign(full, idx);
    // A resample that happens to lose the variation a slope needs is a failed replicate, counted.
    if (identificationProblems(sub).length) {
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
    const r = fitDesign(
      sub,
      Float64Array.from(idx, (i) => data.y[i]),
      spec.fit,
    );
    const ok = Number.isFinite(r.objective) && r.theta.every(Number.isFinite);
    const d = ok ? doublingTimes(spec.modelId, namedParams(r))[0] : undefined;
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
 * stream, then the replicates are fitted on `threads` worker threads (default: all cores). Results
 * are identical for any number of threads. Each replicate refits from the estimator's start with
 * the same fixed normalisation.
 */
export async function bootstrap(
  data: FitData,
  spec: BootstrapSpec,
  opts: {
    B: number;
    seed: number;
    cluster?: boolean;
    threads?: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<BootstrapResult> {
  const all = resamples(data, opts.B, opts.seed, opts.cluster);
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), Math.ceil(opts.B / 4)));
  const out: Replicate[] = new Array(opts.B);
  let done = 0;
  if (threads === 1) {
    const run = replicateRunner(data, spec);
    all.forEach((idx, r) => {
      out[r] = run(idx);
      opts.onProgress?.(++done, opts.B);
    });
  } else {
    const reps = await runPool<Replicate>(
      import.meta.url,
      "bootstrap-worker",
      opts.B,
      threads,
      { data, spec, indices: all },
      (k) => opts.onProgress?.(k, opts.B),
    );
    reps.forEach((r, i) => (out[i] = r));
  }
  return {
    replicates: out,
    failed: out.filter((r) => !Number.isFinite(r.objective)).length,
    nonConverged: out.filter((r) => Number.isFinite(r.objective) && !r.converged).length,
    seed: opts.seed,
    cluster: opts.cluster ?? false,
    threads,
  };
}
