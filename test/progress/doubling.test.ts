import assert from "node:assert/strict";
import { it } from "node:test";
import { model } from "../../src/fit/models.js";
import {
  closedFormDoubling,
  computeOptimalExponent,
  doublingTimes,
  numericalDoublings,
} from "../../src/progress/doubling.js";
import { doublingIntervals, numericalInterval } from "../../src/progress/intervals.js";
import { M7, T1 } from "../../src/published.js";

const months = (y: number) => 12 * y;
const near = (x: number, y: number, tol: number, what: string) =>
  assert.ok(Math.abs(x - y) <= tol, `${what}: ${x} vs ${y}`);
// Any normalisation: Δ does not depend on it (§5.2).
const norm = { N0: 1e6, D0: 1e6, t0: 2012, C0: 6e12 };

it("model 7 at the published point estimate: T_N 11.966 y, T_D 0.7703 y, T_C 8.685 months (§5.18)", () => {
  const [d] = doublingTimes("7", M7);
  near(d.TN, 11.966, 5e-4, "T_N");
  near(d.TD, 0.7703, 5e-5, "T_D");
  near(months(d.TC), 8.685, 5e-4, "T_C");
});

it("numerical Δ equals the closed form and §5.18's 8.716 months for model 7", () => {
  const theta = Object.values(M7);
  const [delta] = numericalDoublings("7", theta, norm);
  const closed = closedFormDoubling(M7.alpha_param, M7.beta_data, M7.alpha_year, M7.beta_year);
  near(delta, closed, 1e-7, "numerical vs closed form");
  near(months(delta), 8.716, 5e-4, "Δ months");
  // Independent of the budget and reference year.
  near(numericalDoublings("7", theta, norm, { C: 1e21, tRef: 2015 })[0], closed, 1e-7, "other C and date");
});

it("transformer-γ point estimate: T_C 5.66 months analytic, 5.73 numerical (§5.18)", () => {
  const [d] = doublingTimes("7+gammaT", T1);
  near(months(d.TC), 5.66, 5e-3, "analytic");
  near(months(numericalDoublings("7+gammaT", Object.values(T1), norm)[0]), 5.73, 5e-3, "numerical");
});

it("per-benchmark, per-architecture and pre/post contexts use their own coefficients", () => {
  const p = { ...M7, alpha_year_ptb: 0.01, alpha_year_wt2: -0.002 };
  const m4 = doublingTimes("4", {
    alpha_const: 1,
    alpha_year: 0.004,
    alpha_year_ptb: 0.01,
    alpha_year_wt2: -0.002,
    alpha_param: 0.07,
    beta_const: 1,
    beta_year: 0.035,
    beta_data: 0.04,
  });
  assert.deepEqual(
    m4.map((d) => d.label),
    ["wt103", "ptb", "wt2"],
  );
  near(m4[1].TN, (Math.LN2 * 0.07) / 0.014, 1e-12, "PTB T_N uses α_year + α_year_ptb");
  void p;
  const m13 = doublingTimes("13", { ...M7, alpha_param_t: 0.1, beta_data_t: 0.05 });
  near(m13[1].TN, (Math.LN2 * 0.1) / M7.alpha_year, 1e-12, "transformer T_N uses α_param_t");
  const yd = doublingTimes("7+yeardummy2017", { ...M7, alpha_year_dummy: 0.01, beta_year_dummy: -0.01 });
  near(yd[1].TD, (Math.LN2 * M7.beta_data) / (M7.beta_year - 0.01), 1e-12, "post-split T_D");
  const m8 = doublingTimes("8", {
    alpha_const: 1,
    alpha_param: 0.07,
    beta_const: 1,
    beta_year: 0.035,
    beta_data: 0.04,
  });
  assert.ok(Number.isNaN(m8[0].TN));
  near(m8[0].TC, m8[0].TD, 1e-12, "model 8: T_C = T_D");
  assert.deepEqual(doublingTimes("16", {}), []);
  const m18 = doublingTimes("18", { alpha_year: 0.1, alpha_compute: 0.05 });
  near(m18[0].TC, (Math.LN2 * 0.05) / 0.1, 1e-12, "model 18");
});

it("irreducible-loss point estimate (§8 I1): T_C 8.85 months analytic, 8.87 numerical (§5.18)", () => {
  const I1 = {
    gamma: -0.000054,
    gamma_ptb: 0.105076,
    gamma_wt2: -0.043656,
    alpha_const: M7.alpha_const,
    alpha_const_ptb: 0,
    alpha_const_wt2: 0,
    alpha_year: 0.008235,
    alpha_param: 0.06776,
    beta_const: M7.beta_const,
    beta_const_ptb: 0,
    beta_const_wt2: 0,
    beta_year: 0.03249,
    beta_data: 0.039699,
  };
  const [d] = doublingTimes("irreducible", I1);
  near(months(d.TC), 8.85, 5e-3, "analytic");
  const theta = model("irreducible").params.map((n) => I1[n as keyof typeof I1]);
  near(months(numericalDoublings("irreducible", theta, norm)[0]), 8.87, 5e-3, "numerical");
  // Δ depends neither on γ nor on the intercepts (§5.2).
  const shifted = theta.map((v, j) => (j === 0 ? 0.7 : j === 3 ? 0.2 : v));
  near(
    numericalDoublings("irreducible", shifted, norm)[0],
    numericalDoublings("irreducible", theta, norm)[0],
    1e-8,
    "γ and intercepts",
  );
});

it("α_C = αβ/(α + β): 0.02502 at the model-7 point estimate, 0.15355 for Chinchilla (§5.18)", () => {
  near(computeOptimalExponent(M7.alpha_param, M7.beta_data), 0.02502, 5e-6, "M7");
  near(computeOptimalExponent(0.34, 0.28), 0.15355, 5e-6, "Chinchilla");
});

it("the closed form of Δ holds off the point estimate, at any budget, date, benchmark and normalisation", () => {
  const th = { ...M7, alpha_year: 0.02, beta_year: 0.05, alpha_param: 0.05, beta_data: 0.08 };
  const closed = closedFormDoubling(0.05, 0.08, 0.02, 0.05);
  // By hand: β e^(−a Δ) + α e^(−b Δ) = (α + β) 2^(−α_C) at Δ.
  near(
    0.08 * Math.exp(-0.02 * closed) + 0.05 * Math.exp(-0.05 * closed),
    0.13 * 2 ** -computeOptimalExponent(0.05, 0.08),
    1e-12,
    "equation",
  );
  for (const [C, tRef, N0] of [
    [1e22, 2018, 1e5],
    [1e26, 2030, 1e8],
  ]) {
    near(numericalDoublings("7", Object.values(th), { ...norm, N0 }, { C, tRef })[0], closed, 1e-7, `C ${C}`);
  }
  // Model 13 evaluates transformers (T = 1); the closed form uses the transformer exponents.
  const m13 = { ...M7, alpha_param_t: 0.09, beta_data_t: 0.03 };
  const th13 = model("13").params.map((n) => m13[n as keyof typeof m13]);
  near(
    numericalDoublings("13", th13, norm)[0],
    closedFormDoubling(0.09, 0.03, M7.alpha_year, M7.beta_year),
    1e-7,
    "model 13",
  );
});

it("hand-computed doubling times for models 5, 11, 12 and 18 and the γ_T wrapper", () => {
  const m5 = {
    alpha_const: 1,
    alpha_year: 0.01,
    alpha_param: 0.07,
    beta_const: 1,
    beta_year: 0.04,
    beta_year_ptb: 0.02,
    beta_year_wt2: -0.01,
    beta_data: 0.05,
  };
  const d5 = doublingTimes("5", m5);
  near(d5[1].TD, (Math.LN2 * 0.05) / 0.06, 1e-12, "model 5 PTB T_D");
  near(d5[2].TC, Math.LN2 / (0.01 / 0.07 + 0.03 / 0.05), 1e-12, "model 5 WT2 T_C");
  const m11 = {
    ...m5,
    alpha_year_ptb: 0.001,
    alpha_year_wt2: 0,
    alpha_param_ptb: 0.01,
    alpha_param_wt2: 0,
    beta_data_ptb: -0.01,
    beta_data_wt2: 0,
  };
  near(doublingTimes("11", m11)[1].TN, (Math.LN2 * 0.08) / 0.011, 1e-12, "model 11 PTB T_N");
  near(doublingTimes("11", m11)[1].TD, (Math.LN2 * 0.04) / 0.06, 1e-12, "model 11 PTB T_D");
  const m12 = { alpha_const: 1, alpha_year: 0.03, alpha_param: 0.06, beta_const: 1, beta_data: 0.04 };
  const [d12] = doublingTimes("12", m12);
  near(d12.TN, (Math.LN2 * 0.06) / 0.03, 1e-12, "model 12 T_N");
  near(d12.TD, (Math.LN2 * 0.04) / 0.03, 1e-12, "model 12 T_D uses α_year");
  near(d12.TC, 1 / (1 / d12.TN + 1 / d12.TD), 1e-12, "harmonic");
  const [d18] = doublingTimes("18", { alpha_year: 0.1, alpha_compute: 0.05 });
  assert.ok(Number.isNaN(d18.TN) && Number.isNaN(d18.TD));
  near(d18.TC, (Math.LN2 * 0.05) / 0.1, 1e-12, "model 18 T_C");
  assert.deepEqual(
    doublingTimes("4+gammaT", {
      alpha_const: 1,
      alpha_year: 0.004,
      alpha_year_ptb: 0.01,
      alpha_year_wt2: 0,
      alpha_param: 0.07,
      beta_const: 1,
      beta_year: 0.035,
      beta_data: 0.04,
      gamma_T: 2,
    }).map((d) => d.label),
    ["wt103", "ptb", "wt2"],
  );
  assert.deepEqual(doublingTimes("14", {}), []);
});

it("percentile intervals over replicates, with the share of non-positive growth (§4.1, §5.1)", () => {
  const names = model("7").params;
  const rep = (aYear: number, bYear: number) =>
    names.map((n) => (n === "alpha_year" ? aYear : n === "beta_year" ? bYear : M7[n as keyof typeof M7]));
  const reps = [rep(0.004, 0.0356), rep(0.01, 0.02), rep(-0.01, 0.001), rep(0.002, 0.05), rep(0, 0)];
  const [s] = doublingIntervals("7", reps);
  const tc = reps.map((r) => doublingTimes("7", Object.fromEntries(names.map((n, j) => [n, r[j]])))[0].TC);
  assert.equal(s.TC.nonFinite, 1); // g = 0 gives T_C = ±∞
  const finite = tc.filter(Number.isFinite).sort((a, b) => a - b);
  near(s.TC.p50, (finite[1] + finite[2]) / 2, 1e-12, "median of 4 (type 7)");
  near(s.nonPositiveShare, 2 / 5, 1e-12, "g ≤ 0 share");
  const pooled = numericalInterval([[1, 2, 3], [4]]);
  near(pooled.p50, 2.5, 1e-12, "pooled numerical median");
});
