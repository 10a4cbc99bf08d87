/**
 * Σ a_i in NumPy's order (`np.sum`/`np.mean` of a contiguous float64 array): plain running sums
 * below 8 values, eight interleaved partial sums combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))
 * up to 128 values, and recursive halving (at a multiple of 8) beyond. The faithful estimator
 * evaluates its objective this way so that its finite-difference gradients round like the
 * authors' NumPy code (docs/method.md §3.3). Written by hand: no npm package sums in NumPy's order.
 *
 * @example
 * pairwiseSum(Float64Array.from([0.1, 0.2, 0.3])); // 0.6000000000000001, as np.sum gives
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = a[start],
      r1 = a[start + 1],
      r2 = a[start + 2],
      r3 = a[start + 3];
    let r4 = a[start + 4],
      r5 = a[start + 5],
      r6 = a[start + 6],
      r7 = a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const o = start + i;
      r0 += a[o];
      r1 += a[o + 1];
      r2 += a[o + 2];
      r3 += a[o + 3];
      r4 += a[o + 4];
      r5 += a[o + 5];
      r6 += a[o + 6];
      r7 += a[o + 7];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** Block size below which NumPy stops halving (`PW_BLOCKSIZE`). */
const PAIRWISE_BLOCK = 128;
