import { type FitData, normalisationOf } from "../fit/data.js";
import { type EstimatorName, fitModel, namedParams } from "../fit/estimators.js";
import { bootstrap } from "../inference/bootstrap.js";
import { bootstrapDoublings } from "../inference/doublings.js";
import { doublingTimes } from "../progress/doubling.js";
import { months } from "../util/units.js";

/** One way of computing the headline: an estimator and a resampling scheme. */
export interface HeadlineVariant {
  estimator: EstimatorName;
  /** Resample rows, or whole papers (clustered, docs/method.md §4.2). */
  resampling: "rows" | "papers";
  /** Halving time of required compute at the full-sample estimate (months). */
  estimate: number;
  /** Bootstrap median and 95 % interval (months), and the share of replicates without progress. */
  median: number;
  low: number;
  high: number;
  nonPositiveShare: number;
  /** Replicates that failed (non-finite fit), counted. */
  failed: number;
}

/**
 * The headline three ways and two ways (docs/method.md §10.2): model 7's compute halving time with
 * the `faithful`, `penalized` and `nls` estimators, each bootstrapped by rows and by papers, all
 * on the same seed. `B` replicates each; `starts` random starts for the multi-start estimators;
 * `onProgress` hears (replicates done, 6·B) over the six bootstraps.
 *
 * @example
 * const variants = await headlineVariants(data, { B: 5, seed: 0, starts: 1 });
 */
export async function headlineVariants(
  data: FitData,
  o: { B: number; seed: number; starts: number; delta?: number; onProgress?: (done: number, total: number) => void },
): Promise<HeadlineVariant[]> {
  const norm = normalisationOf(data);
  const delta = o.delta ?? 0.0025;
  const out: HeadlineVariant[] = [];
  for (const estimator of ["faithful", "penalized", "nls"] as const) {
    const fit = { estimator, delta, starts: o.starts, seed: o.seed };
    const full = fitModel("7", data, norm, fit);
    const [d] = doublingTimes("7", namedParams(full));
    for (const resampling of ["rows", "papers"] as const) {
      const boot = await bootstrap(
        data,
        { modelId: "7", fit, norm, numerical: false },
        {
          B: o.B,
          seed: o.seed,
          cluster: resampling === "papers",
          onProgress: (done) => o.onProgress?.(out.length * o.B + done, 6 * o.B),
        },
      );
      const [c] = bootstrapDoublings("7", boot).contexts;
      out.push({
        estimator,
        resampling,
        estimate: months(d?.TC ?? NaN),
        median: c.computeMonths.p50,
        low: c.computeMonths.p2_5,
        high: c.computeMonths.p97_5,
        nonPositiveShare: c.nonPositiveShare,
        failed: boot.failed,
      });
    }
  }
  return out;
}

/**
 * How much of the headline's uncertainty is the choice of estimator and resampling: the spread of
 * the variants' medians (largest − smallest) against the width of the reference variant's 95 %
 * interval (the authors' procedure: `faithful`, rows). Both in months; `share` = spread / width.
 *
 * @example
 * const variants = await headlineVariants(data, { B: 5, seed: 0, starts: 1 }); // B: 5 for speed
 * choiceShare(variants); // { spread, width, share, lowest, highest }: share = spread / width, both in months
 */
export function choiceShare(variants: HeadlineVariant[]): {
  spread: number;
  width: number;
  share: number;
  lowest: HeadlineVariant;
  highest: HeadlineVariant;
} {
  const ok = variants.filter((v) => Number.isFinite(v.median));
  if (ok.length === 0) throw new Error("choiceShare: no variant has a finite median");
  const lowest = ok.reduce((a, b) => (b.median < a.median ? b : a));
  const highest = ok.reduce((a, b) => (b.median > a.median ? b : a));
  const ref = variants.find((v) => v.estimator === "faithful" && v.resampling === "rows") ?? ok[0];
  const width = ref.high - ref.low;
  const spread = highest.median - lowest.median;
  return { spread, width, share: spread / width, lowest, highest };
}
