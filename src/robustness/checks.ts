import type { EvalRow } from "../data/types.js";
import { bootstrap } from "../inference/bootstrap.js";
import { fitClustered } from "../fit/clustered.js";
import {
  type FitData,
  effectiveDataFactor,
  fitDataFromRows,
  imputeVocabulary,
  normalisationOf,
  paperWeights,
  subset,
  withDataset,
} from "../fit/data.js";
import { mt19937, resampleIndices } from "../random/mt19937.js";
import { type EstimatorName, fitModel, namedParams } from "../fit/estimators.js";
import { doublingTimes } from "../progress/doubling.js";
import { interval95 } from "../stats/percentile.js";
import { months } from "../util/units.js";
import { model } from "../fit/models.js";
import { cachedResult } from "../util/result-cache.js";
import { runPool, threadsFor } from "../util/workers.js";
import { availableParallelism } from "node:os";
import { type CheckOptions, type Estimate, type HalvingJob, firstSameJob, halvings } from "./halving.js";

/** One robustness check (docs/method.md §5.8–§5.16 and the checks the authors did not run). */
export interface Check {
  id: string;
  label: string;
  estimate: Estimate;
  /** Published value to compare against, as printed (§8), when there is one. */
  published?: string;
  note?: string;
}

/** The first k rows of each paper in the full table's (Reference, perplexity) order; k = Infinity keeps all. */
export function topKPerPaper(full: EvalRow[], k: number): EvalRow[] {
  const seen = new Map<string, number>();
  return full.filter((r) => {
    const key = r.reference ?? `\u0000${r.system}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n <= k;
  });
}

/** Keep one row per system (the first in order): the "distinct models" check. */
export function distinctSystems(rows: EvalRow[]): EvalRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.system) ? false : (seen.add(r.system), true)));
}

/**
 * Share of bootstrap replicates in which the post-split halving time is shorter than the pre-split
 * one, and a verdict: "accelerating" when ≥ 95 % of replicates agree, "slowing" when ≤ 5 %, otherwise
 * "no evidence" (§5.8). Replicates without finite, positive halving times on both sides are excluded.
 *
 * @example
 * const { pre, post } = await yearDummySplit(data, 2018, { estimator: "faithful", B: 5, seed: 0 });
 * accelerationVerdict(pre, post); // e.g. { share: 0.6, verdict: "no evidence" }
 * accelerationVerdict([9, 8, 10], [5, 6, 4]); // → { share: 1, verdict: "accelerating" }
 */
export function accelerationVerdict(
  pre: number[],
  post: number[],
): { share: number; verdict: "accelerating" | "slowing" | "no evidence" } {
  const pairs = pre
    .map((p, i) => [p, post[i]])
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0);
  const share = pairs.filter(([a, b]) => b < a).length / pairs.length;
  return { share, verdict: share >= 0.95 ? "accelerating" : share <= 0.05 ? "slowing" : "no evidence" };
}

/**
 * Pre/post halving times per replicate of the year-dummy model with split `year` (§2.4, §5.8).
 *
 * @example
 * const { pre, post } = await yearDummySplit(data, 2018, { estimator: "faithful", B: 5, seed: 0 }); // B: 5 for speed
 * [interval95(pre).p50, interval95(post).p50]; // median halving times (months) before and after 2018
 */
export async function yearDummySplit(
  data: FitData,
  year: number,
  o: CheckOptions,
): Promise<{ pre: number[]; post: number[] }> {
  const id = `7+yeardummy${year}`;
  const norm = normalisationOf(data);
  const b = await bootstrap(
    data,
    {
      modelId: id,
      fit: { estimator: o.estimator, delta: 0.0025, seed: o.seed, starts: o.starts ?? 4 },
      norm,
      numerical: false,
    },
    { B: o.B, seed: o.seed },
  );
  const names = fitModel(id, data, norm, { estimator: "faithful", delta: 0.0025 }).params;
  const pre: number[] = [];
  const post: number[] = [];
  for (const r of b.replicates) {
    const d = Number.isFinite(r.objective)
      ? doublingTimes(id, Object.fromEntries(names.map((n, j) => [n, r.theta[j]])))
      : [];
    pre.push(months(d[0]?.TC ?? NaN));
    post.push(months(d[1]?.TC ?? NaN));
  }
  return { pre, post };
}

/**
 * Change of the full-sample halving time when each paper is left out (point estimates), largest first.
 *
 * @example
 * const influence = paperInfluence(loadEvaluations("data/lm_evaluations.csv").head, "faithful"); // one fit a paper
 * influence[0]; // the paper whose removal moves T_C most: { reference, rows, months, change }
 */
export function paperInfluence(
  rows: EvalRow[],
  estimator: EstimatorName,
): { reference: string; rows: number; months: number; change: number }[] {
  const fitTC = (rs: EvalRow[]) => {
    const d = fitDataFromRows(rs);
    const f = fitModel("7", d, normalisationOf(d), { estimator, delta: 0.0025 });
    return months(doublingTimes("7", namedParams(f))[0]?.TC ?? NaN);
  };
  const base = fitTC(rows);
  const refs = [...new Set(rows.map((r) => r.reference ?? ""))];
  return refs
    .map((ref) => {
      const rest = rows.filter((r) => (r.reference ?? "") !== ref);
      const months = fitTC(rest);
      return { reference: ref, rows: rows.length - rest.length, months, change: months - base };
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
}

/**
 * Every check against the headline (model 7, δ = 0.0025, main sample): the authors' appendix checks
 * and the ones they did not run. `full` is the step-16 table, `headRows` the main sample and
 * `corrected` the main sample with the Q1-corrected target. The checks' bootstraps run together
 * (`halvings`: on worker threads where that pays), reporting `onProgress(done, total)` as they end.
 *
 * @example
 * const { full, head } = loadEvaluations("data/lm_evaluations.csv");
 * const corrected = loadEvaluations("data/lm_evaluations.csv", { correctedTarget: true }).head;
 * const checks = await runChecks(full, head, corrected, { estimator: "faithful", B: 2, seed: 0 }); // B: 2 is a demo
 * checks[0]; // { id: "headline", label, estimate: { p50, p2_5, p97_5, rows, excluded }, published }, of 25 checks
 */
// Long by design: one call per check, in the order of the report's table; split, the list would be scattered.
// eslint-disable-next-line max-lines-per-function -- long by design, as the comment above says
export async function runChecks(
  full: EvalRow[],
  headRows: EvalRow[],
  corrected: EvalRow[],
  o: CheckOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<Check[]> {
  const head = fitDataFromRows(headRows);
  const out: Check[] = [];
  // The checks are listed first, in the table's order, then estimated together (`halvings`).
  const jobs: { at: number; job: HalvingJob }[] = [];
  const add = (
    id: string,
    label: string,
    data: FitData,
    modelId = "7",
    delta = 0.0025,
    published?: string,
    which: "analytic" | "numerical" = "analytic",
    note?: string,
  ) => {
    const small = data.m < 12;
    const estimate = { p50: NaN, p2_5: NaN, p97_5: NaN, rows: data.m, excluded: 0 };
    out.push({ id, label, estimate, published, note: small ? `not estimated: only ${data.m} rows` : note });
    if (!small) jobs.push({ at: out.length - 1, job: { data, modelId, delta, which } });
  };
  const epochs = (d: FitData) => Float64Array.from(d.epoch, (e) => (Number.isFinite(e) ? e : 1));
  add("headline", "headline: model 7, δ = 0.0025, main sample", head, "7", 0.0025, "8.44 (4.52–14.27) [H2]");
  add(
    "numerical",
    "numerical doubling time at 1e25 FLOP, 2023 (§5.2)",
    head,
    "7",
    0.0025,
    "8.57 (4.55–14.46) [H5]",
    "numerical",
  );
  add("corrected-target", "corrected target: own-benchmark perplexity (Q1)", fitDataFromRows(corrected));
  for (const b of ["wt103", "wt2", "ptb"] as const)
    add(`bench-${b}`, `one benchmark: ${b} only`, fitDataFromRows(headRows.filter((r) => r.benchmark === b)));
  add(
    "no-zero-shot",
    "excluding zero-shot evaluations (Q4)",
    fitDataFromRows(headRows.filter((r) => r.zeroShot !== true)),
  );
  add(
    "no-dynamic-eval",
    "excluding dynamic-evaluation results",
    fitDataFromRows(headRows.filter((r) => !/dynamic/i.test(r.system))),
  );
  for (const k of [1, 2, 3, Infinity])
    add(`top-${k}`, `top ${k === Infinity ? "all" : k} per paper`, fitDataFromRows(topKPerPaper(full, k)));
  add("distinct", "distinct models (one row per system)", fitDataFromRows(distinctSystems(headRows)));
  add("paper-weights", "weighted so each paper counts once", paperWeights(head));
  add(
    "post-transformer",
    "post-transformer subset (t > 2017.444)",
    fitDataFromRows(headRows.filter((r) => r.t > 2017.444)),
  );
  add(
    "tokens-seen",
    "tokens seen D·E, epochs imputed 1 (§5.10)",
    withDataset(
      head,
      Float64Array.from(head.D, (d, i) => d * epochs(head)[i]),
    ),
    "7",
    0.0025,
    "F2 estimates only (δ 0.001)",
  );
  add(
    "effective-data",
    "effective data with repetition, imputed epochs (model 20, §5.10)",
    head,
    "20",
    0.0025,
    "8.56 (4.29–18.85) [F4, δ 0.001]",
  );
  add(
    "effective-data-corrected",
    "effective data with repetitions E − 1 (Q12 corrected)",
    withDataset(
      head,
      Float64Array.from(head.D, (d, i) => d * effectiveDataFactor(epochs(head)[i] - 1)),
    ),
  );
  add("irreducible", "irreducible loss term (§5.12)", head, "irreducible", 0.0025, "point estimate 8.85 (I1)");
  add(
    "vocabulary",
    "vocabulary control, imputed (model 19, §5.11)",
    imputeVocabulary(head),
    "19",
    0.0025,
    "4.11 (1.83–10.92) on 185 rows [V1]",
  );
  const fullData = fitDataFromRows(full);
  const known = full.filter((r) => r.epoch !== null);
  add(
    "tokens-seen-known",
    "tokens seen D·E, epoch-known rows of the full table (§5.10)",
    (() => {
      const d = fitDataFromRows(known);
      return withDataset(
        d,
        Float64Array.from(d.D, (x, i) => x * d.epoch[i]),
      );
    })(),
    "7",
    0.0025,
    "4.56 (1.78–9.85) [F1, δ 0.001]",
    "analytic",
    "rows resampled by position (Q17 corrected)",
  );
  add(
    "vocabulary-subset",
    "vocabulary control on rows with a vocabulary size (§5.11)",
    fitDataFromRows(headRows.filter((r) => r.vocabulary !== null)),
    "19",
    0.0025,
    "4.11 (1.83–10.92) [V1]",
  );
  out.push({
    id: "clustered",
    label: "Gaussian errors equicorrelated within papers, full table (§4.2)",
    estimate: { p50: NaN, p2_5: NaN, p97_5: NaN, rows: fullData.m, excluded: 0 },
    note: "maximum likelihood, no penalty; N0, D0 recomputed per replicate, t0 kept (§2.5)",
  });
  const clustered = out.length - 1;
  add("model-14", "time-varying exponents, model 14 (numerical)", head, "14", 0.0025, undefined, "numerical");
  add("model-15", "time-varying exponents, model 15 (numerical)", head, "15", 0.0025, undefined, "numerical");
  const estimates = await halvings(
    jobs.map((j) => j.job),
    o,
    (done, distinct) => onProgress?.(done, distinct + 1),
  );
  // A check whose sample rule keeps exactly an earlier check's rows (top 3 per paper on a sample
  // with at most three rows per paper) repeats that estimate: said so, not shown as corroboration.
  const first = firstSameJob(
    jobs.map((j) => j.job),
    o,
  );
  jobs.forEach((j, i) => {
    const check = out[j.at];
    check.estimate = estimates[i];
    if (first[i] !== i)
      check.note = [
        `the same rows and model as "${out[jobs[first[i]].at].label}": its estimate, not a separate check`,
        check.note,
      ]
        .filter(Boolean)
        .join("; ");
  });
  out[clustered].estimate = await clusteredHalving(fullData, Math.min(o.B, 200), o.seed);
  const distinct = first.filter((f, i) => f === i).length + 1;
  onProgress?.(distinct, distinct);
  return out;
}

/**
 * Bootstrap of the clustered-error model (§4.2): resample rows (duplicates stay members of their
 * paper's block), refit by maximum likelihood with N0 and D0 recomputed per replicate and t0 kept,
 * and summarise T_C of the model-7 mean (months). The resamples are drawn in order from one seeded
 * stream, then fitted on worker threads when that pays (about 30 ms per replicate on the full
 * table: `threadsFor`), so the estimate does not depend on the threads. Kept in the result cache
 * (§11) by data, B and seed.
 *
 * @example
 * await clusteredHalving(data, 5, 0); // → { rows: 226, excluded: 0 }
 */
export async function clusteredHalving(data: FitData, B: number, seed: number, threads?: number): Promise<Estimate> {
  return cachedResult("clustered-bootstrap", [data, B, seed], async () => {
    const rng = mt19937(seed);
    const indices = Array.from({ length: B }, () => resampleIndices(rng, data.m));
    const t0 = normalisationOf(data).t0;
    const n = threads ?? threadsFor((B * CLUSTERED_REPLICATE_MS) / 1000, availableParallelism(), 0);
    const values =
      n === 1
        ? indices.map((idx) => clusteredReplicate(data, t0, idx))
        : await runPool<number>(import.meta.url, "clustered-worker", B, n, { data, t0, indices });
    const ci = interval95(values);
    return { p50: ci.p50, p2_5: ci.p2_5, p97_5: ci.p97_5, rows: data.m, excluded: ci.nonFinite };
  });
}

/** Wall time of one clustered-error replicate on the 226-row table, measured on this machine. */
const CLUSTERED_REPLICATE_MS = 30;

/** T_C (months) of the clustered-error fit to rows `idx` of `data`, N0 and D0 recomputed, t0 kept; NaN on failure. */
export function clusteredReplicate(data: FitData, t0: number, idx: Uint32Array): number {
  const d = subset(data, idx);
  const f = fitClustered(d, { ...normalisationOf(d), t0 });
  if (!Number.isFinite(f.nll)) return NaN;
  return months(doublingTimes("7", namedParams({ params: model("7").params, theta: f.theta }))[0]?.TC ?? NaN);
}

/**
 * Share of bootstrap replicates of the headline with α_year + β_year > 0 (§5.8, Appendix C; published 95.2 %).
 *
 * @example
 * // B: 10 for speed; the published share is 95.2 %
 * await shareProgressPositive(data, { estimator: "faithful", B: 10, seed: 0 }); // e.g. { share: 0.9, replicates: 10 }
 */
export async function shareProgressPositive(
  data: FitData,
  o: CheckOptions,
): Promise<{ share: number; replicates: number }> {
  const norm = normalisationOf(data);
  const b = await bootstrap(
    data,
    {
      modelId: "7",
      fit: { estimator: o.estimator, delta: 0.0025, seed: o.seed, starts: o.starts ?? 4 },
      norm,
      numerical: false,
    },
    { B: o.B, seed: o.seed },
  );
  const ok = b.replicates.filter((r) => Number.isFinite(r.objective));
  return { share: ok.filter((r) => r.theta[3] + r.theta[8] > 0).length / ok.length, replicates: ok.length };
}
