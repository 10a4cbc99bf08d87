/**
 * The values of `a` at `idx`, in that order (repetition allowed): a[idx[0]], …, a[idx[n − 1]].
 * Rows of a column for a bootstrap resample, a fold or a subset.
 *
 * Written as a loop because `Float64Array.from(idx, (i) => a[i])`, the one-liner, goes through
 * the iterator protocol and a callback per value: for 145 values V8 took 10 µs against 1.4 µs
 * here, paid by every fit of a bootstrap.
 *
 * @example
 * gather([10, 20, 30], [2, 0, 2]); // → Float64Array [30, 10, 30]
 */
export function gather(a: ArrayLike<number>, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = a[idx[k]];
  return out;
}
