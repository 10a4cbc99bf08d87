import { MONTHS_PER_YEAR } from "../util/units.js";

/**
 * The stylised "contributions to effective compute" of docs/method.md §5.4: physical compute doubling
 * on a piecewise schedule and algorithmic progress doubling at a constant rate; effective compute
 * is their product. Returns log2 multipliers relative to the start on a monthly grid.
 *
 * @example
 * const c = effectiveComputeContributions({ algorithmicDoublingMonths: 8 }); // monthly from 2014 to 2023
 * [c.physical.at(-1), c.algorithmic.at(-1), c.effective.at(-1)]; // → [24, 13.5, 37.5]
 */
export function effectiveComputeContributions(opts: {
  start?: number;
  years?: number;
  /** Physical-compute doubling time (months) as a function of the date. */
  physicalDoublingMonths?: (t: number) => number;
  /** Algorithmic doubling time (months). */
  algorithmicDoublingMonths: number;
}): { t: number[]; physical: number[]; algorithmic: number[]; effective: number[] } {
  const start = opts.start ?? 2014;
  const years = opts.years ?? 9;
  const phys = opts.physicalDoublingMonths ?? ((t: number) => (t >= 2018 && t < 2019 ? 1.5 : 6));
  const t: number[] = [];
  const physical: number[] = [];
  const algorithmic: number[] = [];
  let p = 0;
  for (let k = 0; k <= MONTHS_PER_YEAR * years; k++) {
    const tk = start + k / MONTHS_PER_YEAR;
    if (k > 0) p += 1 / phys(tk - 1 / 24); // doublings in the month ending at tk (midpoint rule)
    t.push(tk);
    physical.push(p);
    algorithmic.push(k / opts.algorithmicDoublingMonths);
  }
  return { t, physical, algorithmic, effective: physical.map((x, i) => x + algorithmic[i]) };
}
