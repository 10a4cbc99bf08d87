/**
 * SciPy as a test oracle: runs test/fit/scipy_slsqp.py (SciPy's SLSQP on the stated objective)
 * with Debian's /usr/bin/python3 and its python3-scipy, on model designs built by the library.
 * `scipyAvailable()` says why not when Python or SciPy is missing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Design } from "../../src/fit/models.js";

const SCRIPT = fileURLToPath(new URL("./scipy_slsqp.py", import.meta.url));
/** Debian's Python, which has python3-scipy (SciPy 1.10, the Fortran SLSQP the authors ran). */
export const PYTHON = process.env.ALGOPROGRESS_PYTHON ?? "/usr/bin/python3";

/** null when the oracle can run, else the reason it cannot. */
export function scipyUnavailable(): string | null {
  const r = spawnSync(PYTHON, ["-c", "import scipy.optimize, numpy; print(scipy.__version__)"], { encoding: "utf8" });
  if (r.error) return `${PYTHON} not found (apt-get install python3-scipy)`;
  if (r.status !== 0)
    return `SciPy not importable by ${PYTHON} (apt-get install python3-scipy): ${r.stderr.trim().split("\n").pop()}`;
  return null;
}

/** SciPy's result of one problem. */
export interface ScipyResult {
  x: number[];
  fun: number;
  nit: number;
  nfev: number;
  njev: number;
  status: number;
  scipy: string;
  /** Median wall time of one `minimize` call over the problem's repeats (seconds). */
  seconds: number;
}

/** Problem sent to the oracle: a design, its targets, the penalty and the start. */
export interface OracleProblem {
  design: Design;
  y: ArrayLike<number>;
  delta: number;
  start?: ArrayLike<number>;
  /**
   * The exponential the oracle uses: NumPy's (`numpy`, what the authors ran; about 1 ulp off
   * V8's in a quarter of cases, so long paths part) or fdlibm's (`fdlibm`, bit-identical to V8's
   * Math.exp, so the oracle's objective equals the library's to the last bit).
   */
  exp?: "numpy" | "fdlibm";
  /** Run the fit this many times and report the median time (benchmarks); default 1. */
  repeat?: number;
  /** SciPy's `maxiter` (default 100). */
  maxiter?: number;
}

/** Run SciPy's SLSQP on every problem (one Python process). */
export function scipySlsqp(problems: OracleProblem[]): ScipyResult[] {
  const out = execFileSync(PYTHON, [SCRIPT], {
    input: JSON.stringify(problems.map(toPayload)),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out) as ScipyResult[];
}

/** The oracle's objective at each point of `points` (per problem), to check that both sides compute the same J. */
export function scipyObjective(problems: (OracleProblem & { points: ArrayLike<number>[] })[]): number[][] {
  const payload = problems.map((p) => ({ ...toPayload(p), points: p.points.map((x) => Array.from(x)) }));
  const out = execFileSync(PYTHON, [SCRIPT, "--evaluate"], {
    input: JSON.stringify(payload),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out.replace(/Infinity/g, "1e999")) as number[][];
}

function toPayload({ design: d, y, delta, start, exp, repeat, maxiter }: OracleProblem) {
  return {
    m: d.m,
    p: d.p,
    terms: d.terms.map((X) => Array.from(X)),
    cols: d.cols.map((c) => Array.from(c)),
    T: Array.from(d.T),
    gammaIndex: d.gammaIndex,
    additive: d.additive ? Array.from(d.additive) : null,
    addCols: Array.from(d.addCols),
    weight: Array.from(d.weight),
    y: Array.from(y),
    delta,
    start: Array.from(start ?? new Float64Array(d.p)),
    exp: exp ?? "numpy",
    repeat: repeat ?? 1,
    maxiter: maxiter ?? 100,
  };
}
