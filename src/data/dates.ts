/**
 * Publication years both layouts accept, from 1950 to next year (a later date is a typo, not a
 * result); a date outside is logged and treated as missing (sheet) or refused (plain table).
 * Valid data never depends on the clock: only a date after next year does.
 */
export const PLAUSIBLE_YEARS = [1950, new Date().getUTCFullYear() + 1] as const;

/**
 * Parse a date in the authors' strict sheet format `YYYY/MM/DD` (docs/method.md §1.3 step 2).
 * Returns `null` when the text does not match or names a day that does not exist (2019/02/30).
 */
export function parseSheetDate(text: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Day of year, 1..366. */
export function dayOfYear(year: number, month: number, day: number): number {
  let n = day;
  for (let m = 1; m < month; m++) n += daysInMonth(year, m);
  return n;
}

/**
 * Fractional year of a data row, t = year + (day_of_year − 1)/365, always dividing by 365, also in
 * leap years (docs/method.md §1.3 step 4; so 2020-12-31 → 2021.0). Units: years.
 */
export function fractionalYear(year: number, month: number, day: number): number {
  return year + (dayOfYear(year, month, day) - 1) / 365;
}

/**
 * Fractional year by the convention of the hand-entered reference systems (docs/method.md Q6):
 * days since 1970-01-01 / 365.242199 + 1970. Units: years.
 */
export function fractionalYearEpoch(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000 / 365.242199 + 1970;
}

/** ISO `YYYY-MM-DD` text of a parsed date. */
export function isoDate(d: { year: number; month: number; day: number }): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}
