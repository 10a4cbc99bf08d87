/**
 * Scalar root finding and minimisation (Brent's method, golden section). Small and exact enough
 * for the one-dimensional solves of docs/method.md §5.2, §5.6, §5.7 and §5.15; no dependency offers
 * both with bracket diagnostics.
 */

/** Result of a bracketed root search; `root` is NaN when the bracket holds no sign change. */
export interface RootResult {
  root: number;
  iterations: number;
  converged: boolean;
}

/**
 * Brent's method for f(x) = 0 on [a, b] (requires f(a)·f(b) ≤ 0). Tolerance on x: `tol`.
 * Returns NaN (converged false) when the endpoints have the same sign.
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, tol = 1e-12, maxIter = 200): RootResult {
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return { root: a, iterations: 0, converged: true };
  if (fb === 0) return { root: b, iterations: 0, converged: true };
  if (!(fa * fb < 0)) return { root: NaN, iterations: 0, converged: false };
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let i = 1; i <= maxIter; i++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol1 || fb === 0) return { root: b, iterations: i, converged: true };
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = d;
      }
    } else {
      d = m;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : m > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  return { root: b, iterations: maxIter, converged: false };
}

/**
 * Golden-section search for the minimum of a unimodal f on [a, b], to x-tolerance `tol`.
 * Returns the minimiser and the minimum.
 */
export function goldenMin(f: (x: number) => number, a: number, b: number, tol = 1e-10): { x: number; fx: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  while (Math.abs(b - a) > tol * (1 + Math.abs(x1) + Math.abs(x2))) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = f(x2);
    }
  }
  const x = (a + b) / 2;
  return { x, fx: f(x) };
}
