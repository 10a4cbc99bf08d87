/** Reading and writing the doubles of arrays in kernel memory (byte offsets), for every kernel file. */

/** Bytes per double, as a shift. */
export const F64 = 3;

/** Scalar access to arrays of doubles. */
export class M {
  /** Packed column-wise lower triangle: index of element (i, j), i ≥ j, of an n×n matrix. */
  @inline static packed(n: i32, i: i32, j: i32): i32 {
    return j * n - (j * (j - 1)) / 2 + (i - j);
  }

  /** Double i of the array at p. */
  @inline static get(p: usize, i: i32): f64 {
    return load<f64>(p + ((<usize>i) << F64));
  }

  /** Set double i of the array at p. */
  @inline static set(p: usize, i: i32, v: f64): void {
    store<f64>(p + ((<usize>i) << F64), v);
  }
}

/** Scalar access to arrays of 32-bit integers. */
export class I {
  /** Integer i of the array at p. */
  @inline static get(p: usize, i: i32): i32 {
    return load<i32>(p + ((<usize>i) << 2));
  }

  /** Set integer i of the array at p. */
  @inline static set(p: usize, i: i32, v: i32): void {
    store<i32>(p + ((<usize>i) << 2), v);
  }
}
