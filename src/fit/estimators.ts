import { availableParallelism } from "node:os";
import { mt19937 } from "../random/mt19937.js";
import { runPool } from "../util/workers.js";
import type { FitData, Normalisation } from "./data.js";
import { distinctRows, faithfulObjective, faithfulRowObjectives } from "./faithful.js";
import { IdentificationError, identificationProblems } from "./identification.js";
import { type Design, buildDesign, model, mseAndGradient, mseGradHess, mseValue, subsetDesign } from "./models.js";
import { type KnownOptimum, type OptimResult, newtonL1, pseudoGradient } from "./optimizer.js";
import { type SlsqpObjective, slsqp } from "./slsqp.js";
import { gather } from "../util/gather.js";
import { frozen } from "../util/frozen.js";

/**
 * The estimators of docs/method.md §3 (see §3.6 for why they differ):
 * - `faithful`: the authors' procedure, SciPy's SLSQP from θ0 = 0 with forward-difference gradients and its
 *   default stop (|Δf| < 1e−6 or 100 iterations), see `slsqp`;
 * - `penalized`: the true minimiser of MSE + δ·Σ|θ| (orthant-wise Newton from 0 and ≥ 20 seeded random starts);
 * - `nls`: δ = 0, the same multi-start global least squares;
 * - `penalized-slopes`: the L1 penalty on every parameter except the intercepts.
 */
export const ESTIMATORS = frozen(["faithful", "penalized", "nls", "penalized-slopes"] as const);
export type EstimatorName = (typeof ESTIMATORS)[number];

/** Options of a fit. */
export interface FitOptions {
  estimator: EstimatorName;
  /** L1 penalty δ (ignored by `nls`). */
  delta: number;
  /** Random starts besides zero for the multi-start estimators (default 20). */
  starts?: number;
  /** Seed of the random starts (default 0). */
  seed?: number;
  /** Start vector for `faithful` (cross-validation warm starts); default zeros. */
  start?: Float64Array;
}

/** A fitted model with its diagnostics. */
export interface FitResult {
  model: string;
  estimator: EstimatorName;
  delta: number;
  /** Parameter names in θ's order (§2.3); `names` is the same array. */
  params: string[];
  names: string[];
  theta: Float64Array;
  /** Stated objective J(θ) = MSE + δ·Σ|θ| (with the estimator's penalty). */
  objective: number;
  mse: number;
  converged: boolean;
  reason: string;
  /** Iterations (SciPy's `nit` for `faithful`). */
  iterations: number;
  /** Objective evaluations (SciPy's `nfev` for `faithful`, finite differences included). */
  fnEvals: number;
  /**
   * SciPy's SLSQP exit mode (`faithful` only): 0 success, 7 rank-deficient subproblem, 8 positive directional
   * derivative, 9 iteration limit.
   */
  status?: number;
  /** KKT violation of the estimator's objective at θ (0 at an exact optimum). */
  optimality: number;
  /**
   * Multi-start summary (penalized, nls, penalized-slopes): starts run (zero start + random),
   * starts with a non-finite objective, finite ones that did not converge, distinct converged
   * local optima (clustered by objective and θ), the index of the winning start (0 = zero start)
   * and whether the zero start reached the lowest objective (to 1e−9 relative).
   */
  starts?: {
    count: number;
    failed: number;
    nonConverged: number;
    distinctOptima: number;
    winner: number;
    zeroStartBest: boolean;
  };
}

/**
 * Per-parameter L1 weights of an estimator (§3.1): δ on every parameter (`faithful`,
 * `penalized`), on all but the intercepts (`penalized-slopes`: *_const, *_const_ptb,
 * *_const_wt2 and the γ constants), or none (`nls`).
 */
export function penaltyWeights(design: Design, estimator: EstimatorName, delta: number): Float64Array {
  if (estimator === "nls") return new Float64Array(design.p);
  return Float64Array.from(design.spec.params, (n) =>
    estimator === "penalized-slopes" && design.spec.intercepts.includes(n) ? 0 : delta,
  );
}

/**
 * Fit a model design to targets y (ln perplexity) with an estimator, minimising
 * J(θ) = (1/m)Σ(y − ŷ)² + Σ_j w_j|θ_j| (§3.1) with the estimator's weights. `faithful` runs the
 * authors' procedure (§3.3: SciPy's SLSQP from `start` or 0, see `slsqp` and `faithfulObjective`);
 * the others run the orthant-wise Newton method from 0 and from `starts` random starts and keep
 * the lowest objective (§3.4 robust mode). The result says whether the optimiser converged and
 * how far θ is from the KKT conditions of J (`optimality`); nothing is dropped silently.
 *
 * @example
 * const r = fitDesign(design, y, { estimator: "penalized", delta: 0.0025, starts: 2 });
 * r; // → { converged: true, objective: 0.05244, mse: 0.04766 }
 * r.starts; // → { count: 3, failed: 0, winner: 0, zeroStartBest: true }
 */
export function fitDesign(design: Design, y: ArrayLike<number>, opts: FitOptions): FitResult {
  const problems = identificationProblems(design);
  if (problems.length) throw new IdentificationError(problems.join("; "));
  const plan = fitPlan(design, y, opts);
  return plan.done ?? plan.summarise(plan.blocks.map((block) => runStarts(design, y, plan.w, block)));
}

/** An estimator's point estimate without `fitDesign`'s diagnostics. */
export interface FitEstimate {
  theta: Float64Array;
  /** Stated objective J(θ) (with the estimator's penalty); non-finite when the fit failed. */
  objective: number;
  converged: boolean;
}

/**
 * The θ, J and convergence that `fitDesign` returns, bit for bit, without its diagnostics (MSE,
 * KKT violation, the summary of the starts): for the many fits of a bootstrap, a cross-validation
 * or a simulation, which read nothing else. Same estimators and options as `fitDesign` (§3).
 *
 * @example
 * const e = fitEstimate(design, y, { estimator: "faithful", delta: 0.0025 });
 * e.objective === fitDesign(design, y, { estimator: "faithful", delta: 0.0025 }).objective; // → true
 */
export function fitEstimate(design: Design, y: ArrayLike<number>, opts: FitOptions): FitEstimate {
  const problems = identificationProblems(design);
  if (problems.length) throw new IdentificationError(problems.join("; "));
  if (opts.estimator === "faithful") {
    const r = runFaithful(design, y, opts.delta, opts.start);
    return { theta: r.theta, objective: r.objective, converged: r.success };
  }
  const w = penaltyWeights(design, opts.estimator, opts.delta);
  const runs = startBlocks(design.p, opts).flatMap((block) => runStarts(design, y, w, block));
  const best = runs[bestRun(runs)];
  return { theta: best.theta, objective: best.objective, converged: best.converged };
}

/**
 * What a fit does before and after its optimiser runs: the estimator's L1 weights, the `faithful`
 * result (computed here: one short run), or the blocks of starts of a multi-start estimator and
 * the function that turns their runs into the result (so the blocks can run anywhere).
 */
function fitPlan(
  design: Design,
  y: ArrayLike<number>,
  opts: FitOptions,
): { w: Float64Array; done?: FitResult; blocks: Float64Array[][]; summarise: (runs: OptimResult[][]) => FitResult } {
  const w = penaltyWeights(design, opts.estimator, opts.delta);
  const base = {
    model: design.spec.id,
    estimator: opts.estimator,
    delta: opts.estimator === "nls" ? 0 : opts.delta,
    params: design.spec.params,
    names: design.spec.params,
  };
  const finish = (r: OptimResult, starts?: FitResult["starts"]): FitResult => {
    const mse = Number.isFinite(r.objective) ? mseValue(design, y, r.theta) : r.objective;
    return {
      ...base,
      theta: r.theta,
      objective: r.objective,
      mse,
      converged: r.converged,
      reason: r.reason,
      iterations: r.iterations,
      fnEvals: r.fnEvals,
      optimality: r.optimality,
      starts,
    };
  };
  const summarise = (runs: OptimResult[][]) => summariseStarts(finish, runs.flat());
  if (opts.estimator === "faithful")
    return { w, done: fitFaithful(design, y, opts.delta, opts.start, base), blocks: [], summarise };
  return { w, blocks: startBlocks(design.p, opts), summarise };
}

/**
 * `fitEstimate` on rows of `design` and `y`, for many row lists in turn: the returned function fits
 * rows `rows` (indices, repeats allowed, in order: a bootstrap resample, a fold's training rows)
 * from `start` (default `opts.start`) and gives the same θ, J and convergence as `fitEstimate` on
 * `subsetDesign(design, rows)` with those y, bit for bit. The `faithful` estimator does not build
 * that design: rows that use most of the design's (`WHOLE_DESIGN_SHARE`: a cross-validation fold)
 * are fitted on the design itself, laid out in kernel memory once for all row lists
 * (`faithfulRowObjectives`); fewer (a resample's distinct rows) on the design of the distinct rows,
 * each computed once (`distinctRows`). Rows are not compared by content.
 *
 * @example
 * const idx = Uint32Array.of(0, 0, 2, 3, 5, 5, 7, 8, 9, 9, 10, 11); // rows of a resample
 * const opts = { estimator: "faithful" as const, delta: 0.0025 };
 * const y = Float64Array.from(idx, (i) => data.y[i]);
 * const fit = rowFitter(design, data.y, opts);
 * fit(idx).objective === fitEstimate(subsetDesign(design, idx), y, opts).objective; // → true
 */
export function rowFitter(
  design: Design,
  y: ArrayLike<number>,
  opts: FitOptions,
): (rows: Uint32Array, start?: Float64Array) => FitEstimate {
  let objectiveOn: ((rowOf: Int32Array) => Required<SlsqpObjective>) | undefined;
  return (rows, start = opts.start) => {
    const repeats = opts.estimator === "faithful" ? distinctRows(rows, design.m) : null;
    const distinct = repeats ? repeats.distinct.length : rows.length;
    if (opts.estimator === "faithful" && distinct >= WHOLE_DESIGN_SHARE * design.m) {
      const problems = identificationProblems(design, rows.length, rows);
      if (problems.length) throw new IdentificationError(problems.join("; "));
      objectiveOn ??= faithfulRowObjectives(design, y, opts.delta);
      const r = slsqp(objectiveOn(Int32Array.from(rows)), start ?? new Float64Array(design.p));
      return { theta: r.theta, objective: r.objective, converged: r.success };
    }
    if (!repeats) return fitEstimate(subsetDesign(design, rows), gather(y, rows), { ...opts, start });
    const sub = subsetDesign(design, repeats.distinct);
    // Identification is that of the resample: its slopes vary over its distinct rows, its size is rows.length.
    const problems = identificationProblems(sub, rows.length);
    if (problems.length) throw new IdentificationError(problems.join("; "));
    const r = runFaithful(sub, gather(y, repeats.distinct), opts.delta, start, repeats.rowOf);
    return { theta: r.theta, objective: r.objective, converged: r.success };
  };
}

/**
 * Share of a design's rows from which `rowFitter` fits the `faithful` estimator on the whole design
 * rather than on a design of the distinct rows built for the fit: the unused rows are computed for
 * nothing (at most a fifteenth more work at this share), while building a design and its kernel
 * layout per fit cost a warm-started leave-one-out fit about a third of its time (CV of 4 models
 * × 2 penalties, one thread: 212 → 152 ms). Leave-one-out and leave-one-paper-out folds are above
 * it; a bootstrap resample's distinct rows (about 63 %) and 10-fold training sets (90 %: 10 fits,
 * no measurable difference at 3/4) are below.
 */
const WHOLE_DESIGN_SHARE = 15 / 16;

/**
 * SLSQP on `faithfulObjective` from `start` (default 0): the `faithful` estimator's run (§3.3);
 * `rowOf` as `faithfulObjective` takes it.
 */
function runFaithful(
  design: Design,
  y: ArrayLike<number>,
  delta: number,
  start: Float64Array | undefined,
  rowOf?: Int32Array,
) {
  return slsqp(faithfulObjective(design, y, delta, rowOf), start ?? new Float64Array(design.p));
}

/** The `faithful` fit: `runFaithful` with its MSE and KKT violation. */
function fitFaithful(
  design: Design,
  y: ArrayLike<number>,
  delta: number,
  start: Float64Array | undefined,
  base: Omit<
    FitResult,
    "theta" | "objective" | "mse" | "converged" | "reason" | "iterations" | "fnEvals" | "optimality"
  >,
): FitResult {
  const r = runFaithful(design, y, delta, start);
  const grad = new Float64Array(design.p);
  const mse = mseAndGradient(design, y, r.theta, grad);
  const optimality = Number.isFinite(mse)
    ? pseudoGradient(r.theta, grad, new Float64Array(design.p).fill(delta), new Float64Array(design.p))
    : NaN;
  return {
    ...base,
    theta: r.theta,
    objective: r.objective,
    mse,
    converged: r.success,
    reason: r.message,
    iterations: r.nit,
    fnEvals: r.nfev,
    status: r.status,
    optimality,
  };
}

/**
 * `fitModel` with the blocks of starts of a multi-start estimator on `threads` worker threads
 * (default: all cores; one block per thread, see `startBlocks`): the same result, bit for bit, in
 * about 0.6× the time once the process's worker pool is warm (`npm run bench -- penalized`). For a
 * process that fits many models (a notebook, a script); a single fit in a fresh process is faster
 * with `fitModel`, because starting the threads costs more than the fit (the CLI's `fit` does
 * that). Bootstrap and cross-validation keep each fit serial and run many fits in parallel instead.
 */
export async function fitModelParallel(
  id: string,
  data: FitData,
  norm: Normalisation,
  opts: FitOptions,
  threads = availableParallelism(),
): Promise<FitResult> {
  const design = buildDesign(model(id), data, norm);
  const problems = identificationProblems(design);
  if (problems.length) throw new IdentificationError(problems.join("; "));
  const plan = fitPlan(design, data.y, opts);
  if (plan.done) return plan.done;
  if (threads < 2 || plan.blocks.length < 2)
    return plan.summarise(plan.blocks.map((block) => runStarts(design, data.y, plan.w, block)));
  return plan.summarise(
    await runPool<OptimResult[]>(import.meta.url, "fit-worker", plan.blocks.length, threads, {
      id,
      data,
      norm,
      w: plan.w,
      blocks: plan.blocks,
    }),
  );
}

/**
 * The starts of the multi-start estimators (§3.4): θ0 = 0 first, then `starts` random starts
 * θ ~ N(0, 0.5²) (MT19937 seeded with `seed`, NumPy-legacy polar normals), cut into
 * `START_BLOCKS` contiguous blocks that are run independently (each on its own thread by
 * `fitModelParallel`), so that a fit is identical on one thread or several.
 */
export function startBlocks(p: number, opts: Pick<FitOptions, "starts" | "seed">): Float64Array[][] {
  const count = opts.starts ?? DEFAULT_STARTS;
  const rng = mt19937(opts.seed ?? 0);
  const all = Array.from({ length: count + 1 }, (_, s) =>
    s === 0 ? new Float64Array(p) : Float64Array.from({ length: p }, () => 0.5 * rng.normal()),
  );
  const size = Math.ceil(all.length / START_BLOCKS);
  return Array.from({ length: START_BLOCKS }, (_, b) => all.slice(b * size, (b + 1) * size)).filter(
    (b) => b.length > 0,
  );
}

/** Random starts of a multi-start fit when none are asked for (§3.4 robust mode). */
export const DEFAULT_STARTS = 20;

/** Number of independent blocks the starts of one multi-start fit are cut into (see `startBlocks`). */
export const START_BLOCKS = 2;

/**
 * Run the orthant-wise Newton method from each start of a block, each to a KKT violation ≤ 1e−10.
 * A run whose Newton step lands on an optimum an earlier run of the block converged to stops
 * there (`newtonL1`'s `known`): it would only reproduce that optimum, and the earliest start that
 * reached it stays the one that wins.
 */
export function runStarts(design: Design, y: ArrayLike<number>, w: Float64Array, block: Float64Array[]): OptimResult[] {
  const known: KnownOptimum[] = [];
  return block.map((start) => {
    const r = newtonL1((th, gr, h, gn) => mseGradHess(design, y, th, gr, h, gn), start, w, { known });
    if (r.converged && r.joined === undefined && Number.isFinite(r.objective)) known.push(r);
    return r;
  });
}

/** The multi-start result (§3.4 robust mode): the lowest objective and the summary of all runs. */
function summariseStarts(
  finish: (r: OptimResult, starts?: FitResult["starts"]) => FitResult,
  runs: OptimResult[],
): FitResult {
  const finite = runs.map((r, i) => ({ r, i })).filter(({ r }) => Number.isFinite(r.objective));
  const nonConverged = runs.filter((r) => Number.isFinite(r.objective) && !r.converged).length;
  const winner = bestRun(runs);
  if (finite.length === 0)
    return finish(runs[winner], {
      count: runs.length,
      failed: runs.length,
      nonConverged,
      distinctOptima: 0,
      winner: -1,
      zeroStartBest: false,
    });
  const lowest = Math.min(...finite.map(({ r }) => r.objective));
  // Distinct local optima: converged runs that differ in objective or in θ.
  const optima: OptimResult[] = [];
  for (const { r } of [...finite].sort((a, b) => a.r.objective - b.r.objective)) {
    if (!r.converged) continue;
    const same = optima.some(
      (o) =>
        Math.abs(o.objective - r.objective) <= OBJECTIVE_TIE * (1 + Math.abs(o.objective)) &&
        o.theta.every((v, j) => Math.abs(v - r.theta[j]) < 1e-4 * (1 + Math.abs(v))),
    );
    if (!same) optima.push(r);
  }
  const zeroBest = Number.isFinite(runs[0].objective) && ties(runs[0].objective, lowest);
  return finish(runs[winner], {
    count: runs.length,
    failed: runs.length - finite.length,
    nonConverged,
    distinctOptima: optima.length,
    winner,
    zeroStartBest: zeroBest,
  });
}

/**
 * The run a multi-start fit keeps (§3.4): among the runs within 1e−9 (relative) of the lowest
 * finite objective, the first converged one, else the first; run 0 when no objective is finite.
 */
function bestRun(runs: OptimResult[]): number {
  let lowest = Infinity;
  for (const r of runs) if (Number.isFinite(r.objective)) lowest = Math.min(lowest, r.objective);
  if (lowest === Infinity) return 0;
  const tied = (r: OptimResult) => Number.isFinite(r.objective) && ties(r.objective, lowest);
  const converged = runs.findIndex((r) => tied(r) && r.converged);
  return converged >= 0 ? converged : runs.findIndex(tied);
}

/** Relative gap within which two objectives count as the same optimum (§3.4). */
const OBJECTIVE_TIE = 1e-9;

/** Whether objective f ties with the lowest objective (within `OBJECTIVE_TIE`, relative). */
function ties(f: number, lowest: number): boolean {
  return f - lowest <= OBJECTIVE_TIE * (1 + Math.abs(lowest));
}

/**
 * Fit model `id` (§2.3/§2.4 id: "1".."20", "7+gammaT", "7+yeardummy2017", "irreducible") to
 * `data` with the fixed normalisation `norm` (§2.5) and an estimator (§3). Builds the design
 * once; use `fitDesign` with `subsetDesign` to refit many row subsets cheaply.
 *
 * @example
 * const r = fitModel("2", data, norm, { estimator: "faithful", delta: 0.0025 });
 * r; // → { params: ["alpha_const", "alpha_param", "beta_const", "beta_year", "beta_data"], converged: true }
 * r.objective; // → 0.06218
 */
export function fitModel(id: string, data: FitData, norm: Normalisation, opts: FitOptions): FitResult {
  return fitDesign(buildDesign(model(id), data, norm), data.y, opts);
}

/**
 * θ as a record keyed by parameter name (§2.3 names).
 *
 * @example
 * namedParams(fit); // → { alpha_year: -0.0060, alpha_param: 0.0538, beta_year: 0.0594, beta_data: 0.0544 }
 */
export function namedParams(fit: { params: string[]; theta: ArrayLike<number> }): Record<string, number> {
  return Object.fromEntries(fit.params.map((n, j) => [n, fit.theta[j]]));
}
