import { significant } from "../util/format.js";
import { interval95 } from "../stats/percentile.js";
import { halvingMonths } from "../util/units.js";

/**
 * The one summary of a rate of algorithmic progress used in tables, figures, prose and the CLI
 * (docs/method.md §5.1): the growth rate g = g_N + g_D of effective compute (per year) over
 * bootstrap replicates — median, 95 % interval, the share of replicates with g ≤ 0 and how many
 * were not finite — and a halving time ln 2/g only where the interval of g lies above zero. Where
 * it does not, a halving time would average numbers of both signs and huge magnitudes, so none is
 * given and the text says that the rate is not identified.
 */
export interface RateSummary {
  /** g per year over the finite replicates: median and 95 % interval. */
  g: { p50: number; p2_5: number; p97_5: number };
  /** Replicates with a finite g, and those without (counted, not dropped silently). */
  n: number;
  nonFinite: number;
  /** Share of the finite replicates with g ≤ 0. */
  nonPositiveShare: number;
  /** Whether the 95 % interval of g lies above zero. */
  identified: boolean;
  /** Halving time of required compute in months (ln 2/g at the median and the two endpoints), or null. */
  halvingMonths: { p50: number; low: number; high: number } | null;
  /** One sentence stating the result from the summary itself. */
  text: string;
}

/**
 * Summarise growth rates g = g_N + g_D (per year) of bootstrap replicates; from halving times use
 * `summariseRates(tcYears.map((t) => Math.LN2 / t))` (T_C = ln 2/g, so the sign carries over). The
 * halving-time interval maps the endpoints of g (ln 2/g is decreasing for g > 0).
 *
 * @example
 * summariseRates([0.9, 1.0, 1.1]).halvingMonths!.p50; // 12·ln 2/1.0 ≈ 8.32
 */
export function summariseRates(gs: ArrayLike<number>): RateSummary {
  const c = interval95(gs);
  const finite = Array.from(gs).filter(Number.isFinite);
  const nonPositiveShare = finite.length ? finite.filter((g) => g <= 0).length / finite.length : NaN;
  const identified = c.n > 0 && c.p2_5 > 0;
  const halving = identified
    ? { p50: halvingMonths(c.p50), low: halvingMonths(c.p97_5), high: halvingMonths(c.p2_5) }
    : null;
  const f = (x: number) => significant(x, 2);
  const pct = (x: number) => `${Math.round(100 * x)} %`;
  const text =
    c.n === 0
      ? `No replicate gave a finite growth rate (${c.nonFinite} not finite): the rate of progress is not identified.`
      : halving
        ? `The compute needed for a fixed perplexity halves every ${f(halving.p50)} months (95 % interval ` +
          `${f(halving.low)}–${f(halving.high)} months over ${c.n} replicates).`
        : `The rate of algorithmic progress is not identified: ${pct(nonPositiveShare)} of ${c.n} replicates have a ` +
          `growth rate of effective compute at or below zero (95 % interval of the rate ${f(c.p2_5)} to ` +
          `${f(c.p97_5)} per year), so no halving time is given.`;
  return {
    g: { p50: c.p50, p2_5: c.p2_5, p97_5: c.p97_5 },
    n: c.n,
    nonFinite: c.nonFinite,
    nonPositiveShare,
    identified,
    halvingMonths: halving,
    text,
  };
}
