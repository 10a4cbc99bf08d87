import { bootstrap } from "../inference/bootstrap.js";
import type { FitData, Normalisation } from "../fit/data.js";
import type { EstimatorName } from "../fit/estimators.js";
import { interval95 } from "../stats/percentile.js";
import { months } from "../util/units.js";

/** Pooled numerical doubling times over several (model, δ) pairs (§5.3). */
export interface Aggregate {
  pairs: { model: string; delta: number; values: number; failed: number; median: number }[];
  /** All pooled Δ values (years). */
  values: number[];
  /** Percentiles of the pooled values in months. */
  months: { p2_5: number; p50: number; p97_5: number; n: number; nonFinite: number };
}

/**
 * Aggregated doubling time (§5.3): for each (model, δ) pair a B-replicate bootstrap of the head
 * sample with numerical doubling times (§5.2; models 4/5/6/10/11 give one per benchmark), pooled,
 * summarised by percentiles in months. Every pair is seeded with `seed` (the authors' stream was
 * not reset between pairs and cannot be reproduced; this is the documented deviation, §4.1).
 *
 * @example
 * const pairs = [{ model: "7", delta: 0.0025 }, { model: "10", delta: 0.0025 }];
 * const agg = await aggregateDoubling(data, norm, pairs, { B: 5, seed: 0 }); // 5 replicates a pair, for speed
 * // pooled values per pair: model 10 gives one doubling time per benchmark
 * agg.pairs.map((p) => p.values); // → [5, 15]
 * agg.months.p50; // pooled median doubling time, months
 */
export async function aggregateDoubling(
  data: FitData,
  norm: Normalisation,
  pairs: { model: string; delta: number }[],
  opts: { B: number; seed: number; estimator?: EstimatorName; onProgress?: (pair: number, total: number) => void },
): Promise<Aggregate> {
  const out: Aggregate["pairs"] = [];
  const values: number[] = [];
  for (const [k, p] of pairs.entries()) {
    const b = await bootstrap(
      data,
      {
        modelId: p.model,
        fit: { estimator: opts.estimator ?? "faithful", delta: p.delta, seed: opts.seed },
        norm,
        numerical: true,
      },
      { B: opts.B, seed: opts.seed },
    );
    const vs = b.replicates.flatMap((r) => r.numerical);
    values.push(...vs);
    out.push({
      model: p.model,
      delta: p.delta,
      values: vs.length,
      failed: b.failed,
      median: months(interval95(vs).p50),
    });
    opts.onProgress?.(k + 1, pairs.length);
  }
  return { pairs: out, values, months: interval95(values.map(months)) };
}
