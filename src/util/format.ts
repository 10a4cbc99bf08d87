/**
 * How numbers are written, in one place: tables, figures, prose, the command line and logs. Fixed
 * and significant digits come from `Intl.NumberFormat` (the standard library's formatter: no
 * locale grouping, no "−0"); scientific notation is JavaScript's `1.50e+9` form, which
 * Intl.NumberFormat does not write. A number that is not finite is written as a dash; where one
 * is shown, the table or text says how many there were.
 */

/** What a number that is not finite (NaN, ±∞) is written as. */
export const NOT_FINITE = "—";

/**
 * Sign only for numbers below zero, not for one that rounds to −0 (ES2023; Node 20 has it, this
 * TypeScript's lib does not list it yet).
 */
const SIGN = { signDisplay: "negative" } as unknown as Intl.NumberFormatOptions;

/** Formatters by kind and digits, made once each. */
const formats = new Map<string, Intl.NumberFormat>();

function formatter(kind: "fraction" | "significant", digits: number): Intl.NumberFormat {
  const key = `${kind}${digits}`;
  let f = formats.get(key);
  if (!f) {
    const o =
      kind === "fraction"
        ? { minimumFractionDigits: digits, maximumFractionDigits: digits }
        : { minimumSignificantDigits: digits, maximumSignificantDigits: digits };
    formats.set(key, (f = new Intl.NumberFormat("en-US", { ...o, useGrouping: false, ...SIGN })));
  }
  return f;
}

/**
 * `x` with `digits` decimals; a value that rounds to zero is written without a sign. A tie in the
 * digits as the number reads rounds up (1.005 → "1.01"; `toFixed` rounds the double's binary value,
 * 1.00499…, to "1.00").
 *
 * @example
 * fixed(8.437, 1); // → "8.4"
 * fixed(-0.04, 1); // → "0.0"
 * (-0.04).toFixed(1); // "-0.0"
 */
export function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? formatter("fraction", digits).format(x) : NOT_FINITE;
}

/**
 * `x` in scientific notation with `digits` decimals in the mantissa.
 *
 * @example
 * scientific(1.542e9, 2); // → "1.54e+9"
 */
export function scientific(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toExponential(digits) : NOT_FINITE;
}

/**
 * `x` to `digits` significant digits: plainly between 1e-4 and 1e6, in scientific notation
 * outside (where plain digits would be mostly zeros).
 *
 * @example
 * significant(0.0702264, 5); // → "0.070226"
 * significant(123456789, 3); // → "1.23e+8"
 */
export function significant(x: number, digits: number): string {
  if (!Number.isFinite(x)) return NOT_FINITE;
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e6 || a < 1e-4) ? scientific(x, digits - 1) : formatter("significant", digits).format(x);
}

/**
 * A table cell's default: integers below a million as integers, other numbers with up to 4
 * significant digits (trailing zeros dropped), very large or small ones in scientific notation.
 *
 * @example
 * compact(24); // → "24"
 * compact(0.0025); // → "0.0025"
 * compact(8.43921); // → "8.439"
 * compact(2.5e-13); // → "2.50e-13"
 */
export function compact(x: number): string {
  if (!Number.isFinite(x)) return NOT_FINITE;
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  if (Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3)) return scientific(x, 2);
  return String(Number(x.toPrecision(4)));
}

/**
 * A range "lo–hi" (en dash, no spaces), each end written by `f`.
 *
 * @example
 * range(3.74, 14.96, (x) => fixed(x, 1)); // → "3.7–15.0"
 */
export function range(lo: number, hi: number, f: (x: number) => string): string {
  return `${f(lo)}–${f(hi)}`;
}

/**
 * An estimate with its interval, "mid (lo–hi)", each written by `f`.
 *
 * @example
 * withInterval(8.44, 4.52, 14.27, (x) => fixed(x, 1)); // → "8.4 (4.5–14.3)"
 */
export function withInterval(mid: number, lo: number, hi: number, f: (x: number) => string): string {
  return `${f(mid)} (${range(lo, hi, f)})`;
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/**
 * A number for running text: integers whole, others to 3 significant digits (4 from 100 up, so
 * 144.3 is not 144), and magnitudes beyond 1e6 or below 1e-4 as "4.85 × 10⁷".
 *
 * @example
 * prose(8.4362); // → "8.44"
 * prose(48532110.7); // → "4.85 × 10⁷"
 * prose(1e25); // → "1 × 10²⁵"
 */
export function prose(x: number): string {
  if (!Number.isFinite(x)) return NOT_FINITE;
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) {
    const [mantissa, exponent] = x.toExponential(2).split("e");
    const e = Number(exponent);
    const digits = String(Math.abs(e)).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]);
    return `${Number(mantissa)} × 10${e < 0 ? "⁻" : ""}${digits}`;
  }
  if (Number.isInteger(x)) return String(x);
  return String(Number(significant(x, a >= 100 ? 4 : 3)));
}
