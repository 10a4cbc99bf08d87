import { availableParallelism } from "node:os";
import type { EstimatorName } from "../fit/estimators.js";
import type { FitData } from "../fit/data.js";
import { MODEL_IDS } from "../fit/models.js";
import { contentDigest, readCachedResult, storeCachedResult } from "../util/result-cache.js";
import { runPool } from "../util/workers.js";
import { type CvScore, DELTA_GRID, type Protocol, crossValidate, cvSetup } from "./crossval.js";

/** Options of a grid of cross-validations. */
export interface GridOptions {
  protocol: Protocol;
  estimator?: EstimatorName;
  models?: string[];
  deltas?: number[];
  /** Seed of the hold-out split and of random folds (the authors used 1). */
  seed?: number;
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Cross-validate every (model, δ) of a grid (§6.1: 20 models × 6 penalties by default), the
 * combinations spread over worker threads. Each combination's folds run in order (warm starts
 * under `as-run`), so results do not depend on the number of threads.
 *
 * @example
 * // 2 models × 1 penalty on 10 random folds (fast); the authors' protocol is "as-run" (leave-one-out)
 * const scores = await cvGrid(data, { protocol: "kfold", models: ["7", "16"], deltas: [0.0025], threads: 1 });
 * scores[0]; // { model: "7", delta: 0.0025, mse, r2, validationMse, folds: 10, skipped: 0, errors }
 */
export async function cvGrid(head: FitData, o: GridOptions): Promise<CvScore[]> {
  const setup = cvSetup(head, o.protocol, o.estimator ?? "faithful", o.seed ?? 1);
  const combos = (o.models ?? MODEL_IDS).flatMap((m) =>
    (o.deltas ?? DELTA_GRID).map((d) => [m, d] as [string, number]),
  );
  // Combinations scored before with the same setup are reused where a result cache is set (§11),
  // looked up again just before each would be computed (another notebook of the same build may
  // have stored it meanwhile); the others are computed, in parallel, and stored as each completes
  // (an interrupted grid keeps what it finished).
  // The setup (about 20 kB serialised) is digested once, not for each of the grid's lookups.
  const setupDigest = contentDigest("cv-setup", setup);
  const key = (c: [string, number]) => [setupDigest, c];
  const scores = combos.map((c) => readCachedResult<CvScore>("cv", key(c)));
  const missing = combos.flatMap((_, i) => (scores[i] === undefined ? [i] : []));
  const reused = combos.length - missing.length;
  const todo = missing.map((i) => combos[i]);
  const threads = Math.max(1, Math.min(o.threads ?? availableParallelism(), todo.length));
  const report = (k: number) => o.onProgress?.(reused + k, combos.length);
  const known = (k: number) => readCachedResult<CvScore>("cv", key(todo[k]));
  const store = (k: number, s: CvScore) => storeCachedResult("cv", key(todo[k]), s);
  const fresh =
    threads === 1
      ? todo.map(([m, d], k) => {
          let s = known(k);
          if (s === undefined) store(k, (s = crossValidate(setup, m, d)));
          report(k + 1);
          return s;
        })
      : await runPool<CvScore>(
          import.meta.url,
          "cv-worker",
          todo.length,
          threads,
          { setup, combos: todo },
          {
            onProgress: report,
            known,
            onComputed: store,
          },
        );
  missing.forEach((i, k) => (scores[i] = fresh[k]));
  return scores as CvScore[];
}
