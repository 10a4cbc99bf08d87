/**
 * MT19937 as NumPy's legacy `RandomState` uses it (docs/method.md §4.1), so that bootstrap indices and
 * the hold-out permutation can match the authors' draws bit for bit. Written by hand because the
 * exact seeding and integer-interval rejection of NumPy's legacy generator are not what general
 * JS generators do.
 */
export interface Mt19937 {
  /** Next 32-bit unsigned output. */
  next32(): number;
  /** Uniform integer in [0, max] by masked rejection (NumPy legacy `rk_interval`). */
  interval(max: number): number;
  /** Uniform double in [0, 1) with 53-bit resolution (NumPy `random_sample`). */
  random(): number;
  /**
   * Standard normal draw by the polar (Marsaglia) method on `random()` with the second value of
   * each pair cached — the algorithm of NumPy's legacy `RandomState.standard_normal`
   * (`legacy_gauss`). Used for the random starts of the multi-start estimators (§3.4).
   */
  normal(): number;
}

/**
 * Create a generator seeded like NumPy's `RandomState(seed)` (single 32-bit integer seed).
 *
 * @example
 * const rng = mt19937(0);
 * rng.random(); // → 0.5488135039273248
 * rng.interval(224); // → 117
 */
export function mt19937(seed: number): Mt19937 {
  const mt = new Uint32Array(624);
  let index = 624;
  mt[0] = seed >>> 0;
  for (let i = 1; i < 624; i++) {
    const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
  }
  const twist = () => {
    for (let i = 0; i < 624; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
      let v = mt[(i + 397) % 624] ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      mt[i] = v >>> 0;
    }
    index = 0;
  };
  const next32 = () => {
    if (index >= 624) twist();
    let y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };
  const random = () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  let spare: number | null = null;
  return {
    next32,
    interval(max: number) {
      if (max === 0) return 0;
      let mask = max;
      mask |= mask >>> 1;
      mask |= mask >>> 2;
      mask |= mask >>> 4;
      mask |= mask >>> 8;
      mask |= mask >>> 16;
      let v: number;
      while ((v = (next32() & mask) >>> 0) > max);
      return v;
    },
    random,
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u: number, v: number, r: number;
      do {
        u = 2 * random() - 1;
        v = 2 * random() - 1;
        r = u * u + v * v;
      } while (r >= 1 || r === 0);
      const f = Math.sqrt((-2 * Math.log(r)) / r);
      spare = u * f;
      return v * f;
    },
  };
}

/** m indices uniform in [0, m − 1] with replacement: one bootstrap resample (§4.1). */
export function resampleIndices(rng: Mt19937, m: number): Uint32Array {
  const idx = new Uint32Array(m);
  for (let i = 0; i < m; i++) idx[i] = rng.interval(m - 1);
  return idx;
}

/** A permutation of 0..n−1 by Fisher–Yates from the last position down (NumPy legacy `permutation`, §6.1). */
export function permutation(rng: Mt19937, n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i >= 1; i--) {
    const j = rng.interval(i);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
