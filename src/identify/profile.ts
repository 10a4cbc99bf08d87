import { type Design, designKey } from "../fit/design.js";
import { cachedResultSync } from "../util/result-cache.js";
import { mseAndGradient } from "../fit/models.js";
import { owlqn } from "../fit/optimizer.js";
import { halvingMonths } from "../util/units.js";
import { scientific } from "../util/format.js";

/** Profile deviance below which a growth rate fits "almost as well as the best": χ²₁'s 95 % quantile. */
export const PROFILE_DEVIANCE_95 = 3.841458820694124;
/** Convergence tolerance of each profile fit (OWL-QN's pseudo-gradient norm). */
const PROFILE_TOL = 1e-7;
const PROFILE_MAX_ITER = 5000;
/**
 * KKT violation (pseudo-gradient norm) below which a profile fit that stalled in floating point
 * counts as converged: J's scale is ~1e−3, so this is 1e−4 of it per unit of θ.
 */
const PROFILE_OPTIMALITY = 1e-6;

/** One point of the profile: the best objective among parameter vectors with g_N + g_D = gC. */
export interface ProfilePoint {
  /** Effective-compute growth rate g_C = α_year/α_param + β_year/β_data (per year). */
  gC: number;
  /** Halving time of required compute, ln 2 / g_C, in months (±∞ at g_C = 0, negative below). */
  months: number;
  /** min J(θ) subject to g_C(θ) = gC. */
  objective: number;
  /** Profile deviance m·ln(J(gC)/J_min) (docs/method.md §10.1). */
  deviance: number;
  theta: Float64Array;
  converged: boolean;
  /** How the profile fit stopped (the optimiser's words). */
  reason: string;
}

/** `halvingProfile`'s result. */
export interface HalvingProfile {
  points: ProfilePoint[];
  /** Lowest objective over the grid and the unconstrained fit it started from. */
  minimum: { gC: number; months: number; objective: number };
  /**
   * The growth rates whose deviance is below `PROFILE_DEVIANCE_95` (interpolated between grid
   * points); `open` says that the set reaches an end of the grid, so it extends beyond it.
   */
  interval: { gLow: number; gHigh: number; openLow: boolean; openHigh: boolean };
  /** Profile fits that did not converge (kept, counted). */
  nonConverged: number;
}

/**
 * The profile of the penalized objective J(θ) = (1/m)Σw(y − ŷ)² + δΣ|θ_j| (docs/method.md §3.1)
 * over the effective-compute growth rate g_C = α_year/α_param + β_year/β_data (§5.1) of a model
 * with those four parameters (model 7 and its relatives; first context): at each g_C of the grid,
 * J minimised over every parameter with β_year tied to the others by
 * β_year = β_data·(g_C − α_year/α_param) (docs/method.md §10.1). The deviance m·ln(J/J_min) reads
 * like a likelihood-ratio statistic: growth rates with deviance below 3.84 fit the data almost as
 * well as the best, and a long flat profile is a ridge the data do not resolve. Fits run from the
 * unconstrained optimum `start` outwards along the grid, each warm-started from its neighbour.
 * Kept in the result cache (§11) by the design's content, y, δ, start and grid.
 *
 * @example
 * const fit = fitDesign(design, y, { estimator: "penalized", delta: 0.0025, starts: 20 });
 * const prof = halvingProfile(design, y, 0.0025, fit.theta, [0.5, 1, 1.5, 2]);
 * prof.interval; // growth rates within deviance 3.84 of the best
 */
export function halvingProfile(
  design: Design,
  y: ArrayLike<number>,
  delta: number,
  start: ArrayLike<number>,
  grid: number[],
): HalvingProfile {
  const key = [designKey(design), Float64Array.from(y), delta, Float64Array.from(start), grid];
  return cachedResultSync("halving-profile", key, () => {
    const names = design.spec.params;
    const [ay, ap, by, bd] = ["alpha_year", "alpha_param", "beta_year", "beta_data"].map((n) => names.indexOf(n));
    if (Math.min(ay, ap, by, bd) < 0)
      throw new Error(`halvingProfile: model ${design.spec.id} lacks α_year, α_param, β_year or β_data`);
    const p = design.p;
    const w = new Float64Array(p).fill(delta);
    w[by] = 0; // β_year is not free: its penalty enters the smooth part through the tie
    const g = new Float64Array(p);
    const th = new Float64Array(p);
    const gs = [...grid].sort((a, b) => a - b);

    const fitAt = (gC: number, from: Float64Array) => {
      const tie = (phi: Float64Array) => {
        th.set(phi);
        th[by] = phi[bd] * (gC - phi[ay] / phi[ap]);
      };
      const f = (phi: Float64Array, grad: Float64Array) => {
        tie(phi);
        const mse = mseAndGradient(design, y, th, g);
        const s = Math.sign(th[by]);
        const dBy = g[by] + delta * s; // ∂J/∂β_year, its penalty included
        grad.set(g);
        grad[by] = 0;
        grad[bd] += dBy * (gC - phi[ay] / phi[ap]);
        grad[ay] += dBy * (-phi[bd] / phi[ap]);
        grad[ap] += dBy * ((phi[bd] * phi[ay]) / (phi[ap] * phi[ap]));
        return mse + delta * Math.abs(th[by]);
      };
      const phi0 = Float64Array.from(from);
      phi0[by] = 0;
      const r = owlqn(f, phi0, w, { tol: PROFILE_TOL, maxIter: PROFILE_MAX_ITER });
      tie(r.theta);
      return {
        theta: Float64Array.from(th),
        objective: r.objective,
        converged: r.converged || r.optimality <= PROFILE_OPTIMALITY,
        reason: `${r.reason}; KKT violation ${scientific(r.optimality, 1)}`,
      };
    };

    const s0 = Float64Array.from(start);
    const g0 = s0[ay] / s0[ap] + s0[by] / s0[bd];
    // Walk outwards from the grid point nearest the unconstrained optimum, warm-starting each fit.
    const first = gs.reduce((best, x, i) => (Math.abs(x - g0) < Math.abs(gs[best] - g0) ? i : best), 0);
    const fits: ReturnType<typeof fitAt>[] = new Array(gs.length);
    fits[first] = fitAt(gs[first], s0);
    for (let i = first + 1; i < gs.length; i++) fits[i] = fitAt(gs[i], fits[i - 1].theta);
    for (let i = first - 1; i >= 0; i--) fits[i] = fitAt(gs[i], fits[i + 1].theta);

    const startJ = mseAndGradient(design, y, s0, g) + delta * s0.reduce((a, x) => a + Math.abs(x), 0);
    const minJ = Math.min(startJ, ...fits.map((f) => f.objective).filter(Number.isFinite));
    const m = design.m;
    const points: ProfilePoint[] = gs.map((gC, i) => ({
      gC,
      months: halvingMonths(gC),
      objective: fits[i].objective,
      deviance: m * Math.log(fits[i].objective / minJ),
      theta: fits[i].theta,
      converged: fits[i].converged,
      reason: fits[i].reason,
    }));
    const best = points.reduce((a, b) => (b.objective < a.objective ? b : a));
    const minimum =
      startJ <= best.objective
        ? { gC: g0, months: halvingMonths(g0), objective: startJ }
        : { gC: best.gC, months: best.months, objective: best.objective };
    return {
      points,
      minimum,
      interval: devianceInterval(points),
      nonConverged: points.filter((q) => !q.converged).length,
    };
  });
}

/** The set {g : deviance(g) ≤ 3.84} around the profile's minimum, interpolated linearly between grid points. */
function devianceInterval(points: ProfilePoint[]): HalvingProfile["interval"] {
  const ok = (q: ProfilePoint) => Number.isFinite(q.deviance) && q.deviance <= PROFILE_DEVIANCE_95;
  const iMin = points.reduce((b, q, i) => (q.deviance < points[b].deviance ? i : b), 0);
  let lo = iMin;
  while (lo > 0 && ok(points[lo - 1])) lo--;
  let hi = iMin;
  while (hi < points.length - 1 && ok(points[hi + 1])) hi++;
  const cross = (a: ProfilePoint, b: ProfilePoint) =>
    Number.isFinite(b.deviance)
      ? a.gC + ((PROFILE_DEVIANCE_95 - a.deviance) / (b.deviance - a.deviance)) * (b.gC - a.gC)
      : a.gC;
  return {
    gLow: lo > 0 ? cross(points[lo], points[lo - 1]) : points[0].gC,
    gHigh: hi < points.length - 1 ? cross(points[hi], points[hi + 1]) : points[points.length - 1].gC,
    openLow: lo === 0,
    openHigh: hi === points.length - 1,
  };
}

/** `ridgeGrid`'s result: deviance m·ln(J/J_min) on a grid of (α_year, β_year), row-major by α_year. */
export interface RidgeGrid {
  alphaYear: number[];
  betaYear: number[];
  /** deviance[i][k] at α_year = alphaYear[i], β_year = betaYear[k]. */
  deviance: number[][];
  /** Grid fits that did not converge (kept, counted). */
  nonConverged: number;
}

/**
 * The objective's profile over the two date trends together (docs/method.md §10.1): at each
 * (α_year, β_year) of the grid, J minimised over every other parameter with those two held fixed,
 * as a deviance m·ln(J/J_min) against the unconstrained optimum `start`. A valley that runs
 * diagonally is the ridge along which one trend can stand in for the other. Kept in the result
 * cache (§11) by the design's content, y, δ, start and grid.
 *
 * @example
 * ridgeGrid(design, y, 0.0025, fit.theta, [0, 0.01, 0.02], [0, 0.02, 0.04]);
 */
export function ridgeGrid(
  design: Design,
  y: ArrayLike<number>,
  delta: number,
  start: ArrayLike<number>,
  alphaYear: number[],
  betaYear: number[],
): RidgeGrid {
  const key = [designKey(design), Float64Array.from(y), delta, Float64Array.from(start), alphaYear, betaYear];
  return cachedResultSync("ridge-grid", key, () => {
    const names = design.spec.params;
    const [ay, by] = ["alpha_year", "beta_year"].map((n) => names.indexOf(n));
    if (ay < 0 || by < 0) throw new Error(`ridgeGrid: model ${design.spec.id} lacks α_year or β_year`);
    const w = new Float64Array(design.p).fill(delta);
    w[ay] = 0; // held fixed: their penalty is a constant of each grid point
    w[by] = 0;
    const s0 = Float64Array.from(start);
    const g = new Float64Array(design.p);
    const J0 = mseAndGradient(design, y, s0, g) + delta * s0.reduce((a, x) => a + Math.abs(x), 0);
    let nonConverged = 0;
    let from: ArrayLike<number> = s0;
    const J = alphaYear.map((a, i) => {
      // Serpentine order: each fit starts from its neighbour's optimum.
      const ks = betaYear.map((_, k) => (i % 2 === 0 ? k : betaYear.length - 1 - k));
      const row = new Array<number>(betaYear.length);
      for (const k of ks) {
        const x0 = Float64Array.from(from);
        x0[ay] = a;
        x0[by] = betaYear[k];
        const f = (th: Float64Array, grad: Float64Array) => {
          const v = mseAndGradient(design, y, th, grad);
          grad[ay] = 0;
          grad[by] = 0;
          return v;
        };
        const r = owlqn(f, x0, w, { tol: PROFILE_TOL, maxIter: PROFILE_MAX_ITER });
        if (!(r.converged || r.optimality <= PROFILE_OPTIMALITY)) nonConverged++;
        row[k] = r.objective + delta * (Math.abs(a) + Math.abs(betaYear[k]));
        from = r.theta;
      }
      return row;
    });
    const minJ = Math.min(J0, ...J.flat().filter(Number.isFinite));
    return {
      alphaYear,
      betaYear,
      deviance: J.map((row) => row.map((v) => design.m * Math.log(v / minJ))),
      nonConverged,
    };
  });
}
