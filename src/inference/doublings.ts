import { type DoublingSummary, type Percentiles, doublingIntervals, numericalInterval } from "../progress/intervals.js";
import type { BootstrapResult } from "./bootstrap.js";
import { months } from "../util/units.js";

/** The bootstrap doubling times of one context, in the units the report and the CLI print them. */
export interface ContextDoublings {
  label: string;
  /** T_N, years. */
  parameterYears: Percentiles;
  /** T_D, years. */
  dataYears: Percentiles;
  /** Analytic T_C (§5.1), months. */
  computeMonths: Percentiles;
  /** Share of replicates with g_N + g_D ≤ 0 (§5.1). */
  nonPositiveShare: number;
}

/** `bootstrapDoublings`' result: one entry per context, and the pooled numerical Δ. */
export interface BootstrapDoublings {
  contexts: ContextDoublings[];
  /** Numerical optimal-scaling Δ (§5.2), months, pooled over benchmarks; n = 0 when not computed. */
  numericalMonths: Percentiles;
}

/**
 * Median and 95 % percentile interval of the doubling times over the finite replicates of a
 * bootstrap (docs/method.md §4.1 step 4, §5.1, §5.2): T_N and T_D in years, T_C and Δ in months,
 * for every context of the model (benchmark, architecture, before/after), with non-finite values
 * counted. The one summary the CLI, the report's tables and the notebooks print.
 *
 * @example
 * const { contexts } = bootstrapDoublings("7", boot);
 * contexts[0].computeMonths.p50; // bootstrap median halving time of compute, months
 */
export function bootstrapDoublings(modelId: string, boot: BootstrapResult): BootstrapDoublings {
  const ok = boot.replicates.filter((r) => Number.isFinite(r.objective));
  const inMonths = (x: Percentiles): Percentiles => ({
    ...x,
    p2_5: months(x.p2_5),
    p50: months(x.p50),
    p97_5: months(x.p97_5),
  });
  return {
    contexts: doublingIntervals(
      modelId,
      ok.map((r) => r.theta),
    ).map((s: DoublingSummary) => ({
      label: s.label,
      parameterYears: s.TN,
      dataYears: s.TD,
      computeMonths: inMonths(s.TC),
      nonPositiveShare: s.nonPositiveShare,
    })),
    numericalMonths: inMonths(numericalInterval(ok.map((r) => r.numerical))),
  };
}
