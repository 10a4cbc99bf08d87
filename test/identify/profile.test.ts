import assert from "node:assert/strict";
import { it } from "node:test";
import { normalisationOf } from "../../src/fit/data.js";
import { fitDesign } from "../../src/fit/estimators.js";
import { buildDesign, model } from "../../src/fit/models.js";
import { halvingProfile, ridgeGrid } from "../../src/identify/profile.js";
import { TRUTH7, simulate } from "../fit/simulate.js";

// Truth of the simulation: g_C = α_year/α_param + β_year/β_data from TRUTH7 (model 7's order:
// α_year at 3, α_param at 4, β_year at 8, β_data at 9) = 0.0394/0.068 + 0.0356/0.0396 ≈ 1.478 per year.
const G_TRUE = TRUTH7[3] / TRUTH7[4] + TRUTH7[8] / TRUTH7[9];
const data = simulate(2000, 11, { sigma: 0.05 });
const design = buildDesign(model("7"), data, normalisationOf(data));
const grid = Array.from({ length: 25 }, (_, i) => 1.0 + 0.04 * i);

it("the least-squares profile has its minimum at the simulated g_C, inside a closed 95 % set", () => {
  const fit = fitDesign(design, data.y, { estimator: "nls", delta: 0, starts: 4, seed: 1 });
  const prof = halvingProfile(design, data.y, 0, fit.theta, grid);
  assert.equal(prof.nonConverged, 0);
  assert.ok(Math.abs(prof.minimum.gC - G_TRUE) < 0.1, `minimum at ${prof.minimum.gC}, truth ${G_TRUE}`);
  assert.ok(prof.interval.gLow < G_TRUE && G_TRUE < prof.interval.gHigh, JSON.stringify(prof.interval));
  assert.ok(!prof.interval.openLow && !prof.interval.openHigh, "the data identify g_C: the set is closed");
  // A constrained fit can never beat the unconstrained optimum: every point lies on or above it.
  for (const q of prof.points)
    assert.ok(q.objective >= fit.objective - 1e-12, `g ${q.gC}: ${q.objective} < ${fit.objective}`);
  // Each point satisfies its constraint.
  for (const q of prof.points) {
    const t = q.theta;
    assert.ok(Math.abs(t[3] / t[4] + t[8] / t[9] - q.gC) < 1e-9);
  }
});

it("the deviance rises on both sides of the minimum and reaches the unconstrained fit's objective there", () => {
  const fit = fitDesign(design, data.y, { estimator: "penalized", delta: 0.0025, starts: 4, seed: 1 });
  const prof = halvingProfile(design, data.y, 0.0025, fit.theta, grid);
  const iMin = prof.points.reduce((b, q, i) => (q.deviance < prof.points[b].deviance ? i : b), 0);
  for (let i = iMin + 1; i < grid.length; i++) assert.ok(prof.points[i].deviance >= prof.points[i - 1].deviance - 1e-9);
  for (let i = iMin - 1; i >= 0; i--) assert.ok(prof.points[i].deviance >= prof.points[i + 1].deviance - 1e-9);
  // Near the fitted g_C the profile is within the grid's curvature of the optimum.
  assert.ok(prof.points[iMin].deviance < 1, `deviance at the best grid point ${prof.points[iMin].deviance}`);
});

it("refuses a model without the four growth parameters", () => {
  const d8 = buildDesign(model("18"), data, normalisationOf(data));
  assert.throws(() => halvingProfile(d8, data.y, 0, new Float64Array(d8.p), [1]), /lacks/);
});

it("the two-trend grid is lowest at the simulated α_year and β_year", () => {
  const fit = fitDesign(design, data.y, { estimator: "nls", delta: 0, starts: 4, seed: 1 });
  const ay = [0.02, 0.03, 0.04, 0.05, 0.06];
  const by = [0.015, 0.025, 0.035, 0.045, 0.055];
  const r = ridgeGrid(design, data.y, 0, fit.theta, ay, by);
  assert.equal(r.nonConverged, 0);
  let best = [0, 0];
  r.deviance.forEach((row, i) => row.forEach((v, k) => v < r.deviance[best[0]][best[1]] && (best = [i, k])));
  // Truth: α_year 0.0394, β_year 0.0356 (TRUTH7[3], TRUTH7[8]): the grid points 0.04 and 0.035.
  assert.deepEqual([ay[best[0]], by[best[1]]], [0.04, 0.035]);
  assert.ok(
    r.deviance.flat().every((v) => v >= -1e-9),
    "no grid point beats the unconstrained optimum",
  );
});
