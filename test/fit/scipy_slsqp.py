"""Test oracle: SciPy's SLSQP on the stated objective of docs/method.md §3.1, as the authors ran it.

Reads a JSON list of problems on standard input (a model design as src/fit/models.ts builds it:
column-major feature blocks per exponential term, the transformer indicator, additive columns,
row weights, targets, the penalty and a start), runs
scipy.optimize.minimize(method="SLSQP") with its defaults (forward differences with absolute step
sqrt(eps), ftol 1e-6, 100 iterations, no bounds) and writes a JSON list of results.
The objective is written the way the authors' notebooks write it: np.mean of squared residuals
plus delta * np.sum(np.abs(theta)).
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize


# fdlibm's exp (Sun Microsystems, 1993; the algorithm V8's Math.exp implements), vectorised with
# NumPy's elementwise IEEE operations. With it the oracle's objective equals the library's bit for
# bit, so SLSQP paths can be compared without NumPy's SIMD exp (about 1 ulp off glibc in a quarter
# of cases) making them part.
_HALF = (0.5, -0.5)
_LN2HI = (6.93147180369123816490e-01, -6.93147180369123816490e-01)
_LN2LO = (1.90821492927058770002e-10, -1.90821492927058770002e-10)
_INVLN2 = 1.44269504088896338700e+00
_P = (1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05,
      -1.65339022054652515390e-06, 4.13813679705723846039e-08)


def fdlibm_exp(x):
    x = np.asarray(x, dtype=float)
    hx = (x.view(np.uint64) >> np.uint64(32)).astype(np.int64)
    neg = (hx >> 31) & 1 == 1
    ahx = hx & 0x7FFFFFFF
    sign_half = np.where(neg, _HALF[1], _HALF[0])
    near = (ahx > 0x3FD62E42) & (ahx < 0x3FF0A2B2)
    far = ahx >= 0x3FF0A2B2
    k_far = np.trunc(_INVLN2 * x + sign_half)
    k = np.where(near, np.where(neg, -1.0, 1.0), np.where(far, k_far, 0.0))
    hi = np.where(near, x - np.where(neg, _LN2HI[1], _LN2HI[0]), np.where(far, x - k * _LN2HI[0], x))
    lo = np.where(near, np.where(neg, _LN2LO[1], _LN2LO[0]), np.where(far, k * _LN2LO[0], 0.0))
    r = np.where(near | far, hi - lo, x)
    t = r * r
    c = r - t * (_P[0] + t * (_P[1] + t * (_P[2] + t * (_P[3] + t * _P[4]))))
    y0 = 1.0 - ((r * c) / (c - 2.0) - r)
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    ki = k.astype(np.int64)
    scaled = np.where(ki >= -1021, np.ldexp(y, np.clip(ki, -1021, 1023)),
                      np.ldexp(y, np.clip(ki + 1000, -1100, 1023)) * 9.33263618503218878990e-302)
    out = np.where(ki == 0, y0, scaled)
    out = np.where(ki == 1024, y * 2.0 * 8.98846567431158e307, out)
    out = np.where(ahx < 0x3E300000, 1.0 + x, out)
    out = np.where(x > 7.09782712893383973096e+02, np.inf, out)
    out = np.where(x < -7.45133219101941108420e+02, 0.0, out)
    return np.where(np.isnan(x), x, out)


def objective_of(p):
    m = p["m"]
    y = np.asarray(p["y"], dtype=float)
    weight = np.asarray(p["weight"], dtype=float)
    blocks = [np.asarray(X, dtype=float).reshape(len(c), m) for X, c in zip(p["terms"], p["cols"])]
    cols = p["cols"]
    T = np.asarray(p["T"], dtype=float)
    gi = p["gammaIndex"]
    additive = None if p["additive"] is None else np.asarray(p["additive"], dtype=float).reshape(p["p"], m)
    delta = p["delta"]
    exp = fdlibm_exp if p.get("exp") == "fdlibm" else np.exp

    def predict(theta):
        base = None
        for X, c in zip(blocks, cols):
            expo = X[0] * theta[c[0]]
            for a in range(1, len(c)):
                expo = expo + X[a] * theta[c[a]]
            e = exp(expo)
            base = e if base is None else base + e
        if additive is not None:
            for j in p["addCols"]:
                base = base + additive[j] * theta[j]
        if gi >= 0:
            sg = 1 / (1 + exp(np.float64(-theta[gi])))
            base = np.where(T == 1, sg * base, base)
        return base

    def J(theta):
        with np.errstate(all="ignore"):
            r = y - predict(theta)
            value = np.mean(weight * r * r) + delta * np.sum(np.abs(theta))
        return float(value) if np.isfinite(value) else np.inf

    return J


def main():
    problems = json.load(sys.stdin)
    if len(sys.argv) > 1 and sys.argv[1] == "--evaluate":
        json.dump([[objective_of(p)(np.asarray(x, dtype=float)) for x in p["points"]] for p in problems], sys.stdout)
        return
    out = []
    for p in problems:
        J = objective_of(p)
        seconds = []
        for _ in range(p.get("repeat", 1)):
            t0 = time.perf_counter()
            r = minimize(J, np.asarray(p["start"], dtype=float), method="SLSQP",
                         options={"maxiter": p.get("maxiter", 100)})
            seconds.append(time.perf_counter() - t0)
        out.append({"x": r.x.tolist(), "fun": float(r.fun), "nit": int(r.nit), "nfev": int(r.nfev),
                    "njev": int(r.njev), "status": int(r.status), "scipy": scipy.__version__,
                    "seconds": sorted(seconds)[len(seconds) // 2]})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
