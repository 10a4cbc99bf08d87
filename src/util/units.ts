/**
 * Time units of the doubling and halving times (docs/method.md §5): the library works in years
 * (fractional publication years, growth rates per year); the report speaks in months.
 */

/** Months in a year. */
export const MONTHS_PER_YEAR = 12;

/**
 * A duration in years, in months.
 *
 * @example
 * months(0.7); // 8.4
 */
export function months(years: number): number {
  return MONTHS_PER_YEAR * years;
}

/**
 * The halving (or doubling) time in months of a quantity growing at rate g per year: 12·ln 2 / g.
 * Negative when g < 0, infinite at g = 0: callers decide whether the rate is identified (§5.1).
 *
 * @example
 * halvingMonths(1); // 8.317766166719343
 */
export function halvingMonths(g: number): number {
  return (MONTHS_PER_YEAR * Math.LN2) / g;
}
