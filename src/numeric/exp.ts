/**
 * e^x by fdlibm's algorithm (Sun Microsystems 1993, `e_exp.c`): reduction x = k·ln2 + r with ln2
 * split into a high and a low part, a degree-5 rational approximation of e^r, scaling by 2^k.
 * V8's Math.exp runs the same algorithm in C++, so the two agree bit for bit (test/numeric/exp.test.ts
 * checks a million arguments) but at x = 1, where V8 returns Math.E, the correctly rounded value, and
 * fdlibm's algorithm one ulp above it. Written out here because a call into V8's builtin costs
 * about 14 ns where this inlined version costs a few, and the faithful estimator's finite
 * differences evaluate about 10⁵ exponentials per fit.
 *
 * @example
 * fdlibmExp(0.5) === Math.exp(0.5); // true
 * fdlibmExp(1); // 2.7182818284590455, fdlibm's; Math.exp(1) is Math.E = 2.718281828459045
 */
export function fdlibmExp(x: number): number {
  // The two common branches stay small enough for V8 to inline; the rest is in `expRare`. For
  // ½ln2 ≤ |x| < 1.5·ln2 fdlibm takes k = ±1 with the constants directly; the general reduction
  // gives the same k, hi and lo there (k·LN2_HI and k·LN2_LO are exact for k = ±1).
  const ax = Math.abs(x);
  if (ax >= HALF_LN2 && ax <= 708) {
    const k = (INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0;
    const hi = x - k * LN2_HI;
    const lo = k * LN2_LO;
    const r = hi - lo;
    const t = r * r;
    const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    return (1 - (lo - (r * c) / (2 - c) - hi)) * POW2[k + 1021];
  }
  if (ax < HALF_LN2 && ax >= TINY) {
    const t = x * x;
    const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    return 1 - ((x * c) / (c - 2) - x);
  }
  return expRare(x);
}

/** fdlibm's exp outside the two common branches: |k| = 1, tiny, huge, non-finite arguments. */
function expRare(x: number): number {
  if (!(x <= O_THRESHOLD)) return x > O_THRESHOLD ? Infinity : x; // +overflow, +∞ or NaN
  if (x < U_THRESHOLD) return 0;
  const ax = Math.abs(x);
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax >= HALF_LN2) {
    if (ax < ONE_AND_HALF_LN2) {
      hi = x < 0 ? x + LN2_HI : x - LN2_HI;
      lo = x < 0 ? -LN2_LO : LN2_LO;
      k = x < 0 ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < TINY) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * TWO_1023 : y * POW2[k + 1021];
  return y * POW2[k + 1000 + 1021] * TWO_M1000;
}

const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.4513321910194110842e2;
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const TWO_M1000 = 9.3326361850321887899e-302;
const TWO_1023 = 2 ** 1023;
/** |x| whose high word exceeds 0x3fd62e42, below 0x3ff0a2b2 and below 0x3e300000 (fdlibm's branch points). */
const HALF_LN2 = highWord(0x3fd62e43);
const ONE_AND_HALF_LN2 = highWord(0x3ff0a2b2);
const TINY = highWord(0x3e300000);
/** 2^k for k = −1021 … 1023, exact. */
const POW2 = Float64Array.from({ length: 2045 }, (_, i) => 2 ** (i - 1021));

function highWord(hi: number): number {
  const b = new DataView(new ArrayBuffer(8));
  b.setUint32(0, hi);
  b.setUint32(4, 0);
  return b.getFloat64(0);
}
