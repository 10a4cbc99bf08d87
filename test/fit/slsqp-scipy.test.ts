/**
 * The faithful estimator against SciPy's SLSQP (SciPy 1.10 from Debian's python3-scipy: the same
 * Fortran SLSQP as the authors' SciPy 1.11), on the embedded data, on generated datasets (models 7
 * and 7+γ_T, n = 100–2000) and on 100 bootstrap resamples of the embedded data (docs/method.md §3.3).
 *
 * Two oracles. With fdlibm's exp (bit-identical to V8's Math.exp) SciPy evaluates exactly the
 * library's objective, so any difference in iterations, evaluations, exit mode, θ or J is a
 * difference of algorithm: the test requires none. With NumPy's own exp (what the authors ran;
 * here about 1 ulp off in a quarter of its values) the paths start to part at the last bit and
 * some runs drift apart; the test measures how often and by how much against the issue's
 * tolerances (iterations equal, J within 1e−9 relative, θ within 1e−6, T_C within 0.01 months)
 * and prints where they part.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadEvaluations } from "../../src/data/load.js";
import { resamples } from "../../src/inference/bootstrap.js";
import { type FitData, fitDataFromRows, normalisationOf } from "../../src/fit/data.js";
import { fitDesign, namedParams } from "../../src/fit/estimators.js";
import { faithfulObjective } from "../../src/fit/faithful.js";
import { slsqp } from "../../src/fit/slsqp.js";
import { type Design, buildDesign, model, subsetDesign } from "../../src/fit/models.js";
import { doublingTimes } from "../../src/progress/doubling.js";
import { mt19937 } from "../../src/random/mt19937.js";
import { type OracleProblem, type ScipyResult, scipyObjective, scipySlsqp, scipyUnavailable } from "./scipy-oracle.js";
import { TRUTH7, simulate } from "./simulate.js";

const DELTA = 0.0025;
const unavailable = scipyUnavailable();

interface Case {
  name: string;
  modelId: string;
  design: Design;
  y: ArrayLike<number>;
}

function cases(): Case[] {
  const embedded = fitDataFromRows(
    loadEvaluations(new URL("../../data/lm_evaluations.csv", import.meta.url).pathname).head,
  );
  const out: Case[] = [];
  const add = (name: string, modelId: string, data: FitData) =>
    out.push({ name, modelId, design: buildDesign(model(modelId), data, normalisationOf(data)), y: data.y });
  add("embedded, model 7", "7", embedded);
  add("embedded, model 7+γ_T", "7+gammaT", embedded);
  const sizes = [100, 150, 231, 300, 500, 800, 1200, 2000];
  sizes.forEach((n, k) =>
    add(`generated n=${n}, model 7`, "7", simulate(n, 100 + k, { sigma: [0.1, 0.2, 0.3][k % 3] })),
  );
  sizes.forEach((n, k) =>
    add(
      `generated n=${n}, model 7+γ_T`,
      "7+gammaT",
      simulate(n, 200 + k, { modelId: "7+gammaT", theta: [...TRUTH7, 2.97], sigma: [0.2, 0.1, 0.3][k % 3] }),
    ),
  );
  [120, 231, 400, 1000].forEach((n, k) =>
    add(`generated n=${n}, model 7 (noise 0.3)`, "7", simulate(n, 300 + k, { sigma: 0.3 })),
  );
  const base = buildDesign(model("7"), embedded, normalisationOf(embedded));
  resamples(embedded, 100, 0).forEach((idx, r) =>
    out.push({
      name: `bootstrap ${r + 1} of embedded, model 7`,
      modelId: "7",
      design: subsetDesign(base, idx),
      y: Float64Array.from(idx, (i) => embedded.y[i]),
    }),
  );
  return out;
}

/** Analytic T_C (months) at WT103 from a fitted θ (§5.1). */
function halvingMonths(modelId: string, params: string[], theta: ArrayLike<number>): number {
  return 12 * doublingTimes(modelId, namedParams({ params, theta }))[0].TC;
}

interface Gap {
  name: string;
  nit: [number, number];
  relJ: number;
  dTheta: number;
  dTC: number;
}

function gaps(all: Case[], exp: OracleProblem["exp"]): { gaps: Gap[]; scipy: ScipyResult[] } {
  const scipy = scipySlsqp(all.map((c) => ({ design: c.design, y: c.y, delta: DELTA, exp })));
  const out = all.map((c, k) => {
    const ours = fitDesign(c.design, c.y, { estimator: "faithful", delta: DELTA });
    const s = scipy[k];
    return {
      name: c.name,
      nit: [ours.iterations, s.nit] as [number, number],
      nfev: [ours.fnEvals, s.nfev],
      status: [ours.status, s.status],
      relJ: Math.abs(ours.objective - s.fun) / Math.abs(s.fun),
      dTheta: Math.max(...s.x.map((v, j) => Math.abs(v - ours.theta[j]))),
      dTC: Math.abs(halvingMonths(c.modelId, ours.params, ours.theta) - halvingMonths(c.modelId, ours.params, s.x)),
      ours,
      s,
    };
  });
  return { gaps: out, scipy };
}

describe("faithful estimator = SciPy's SLSQP", { skip: unavailable ?? false }, () => {
  const all = cases();

  it("evaluates the stated objective exactly as the oracle's NumPy code does (fdlibm exp on both sides)", () => {
    const g = mt19937(11);
    const picked = [all[0], all[1], all[9]];
    const points = picked.map((c) =>
      Array.from({ length: 50 }, () => Float64Array.from({ length: c.design.p }, () => 0.4 * g.normal())),
    );
    const theirs = scipyObjective(
      picked.map((c, k) => ({ design: c.design, y: c.y, delta: DELTA, exp: "fdlibm" as const, points: points[k] })),
    );
    picked.forEach((c, k) => {
      const J = faithfulObjective(c.design, c.y, DELTA);
      points[k].forEach((x, q) => {
        assert.equal(J.value(x), theirs[k][q], `${c.name}, point ${q}`);
        // Moving one coordinate gives what a full evaluation gives.
        const j = q % c.design.p;
        const moved = Float64Array.from(x);
        moved[j] += 1e-8;
        J.value(x);
        const partial = J.moved(j, moved[j]);
        assert.equal(partial, J.value(moved), `${c.name}, point ${q}, coordinate ${j} moved`);
      });
    });
  });

  it("takes SciPy's path exactly when both evaluate the same objective (fdlibm exp on both sides)", () => {
    const { gaps: g } = gaps(all, "fdlibm");
    assert.ok(g.length >= 122, `${g.length} cases`);
    for (const c of g as (Gap & {
      nfev: number[];
      status: (number | undefined)[];
      ours: { theta: Float64Array; objective: number };
      s: ScipyResult;
    })[]) {
      assert.deepEqual(
        [c.nit, c.nfev, c.status],
        [
          [c.s.nit, c.s.nit],
          [c.s.nfev, c.s.nfev],
          [c.s.status, c.s.status],
        ],
        `${c.name}: iterations, evaluations, exit mode`,
      );
      assert.equal(c.ours.objective, c.s.fun, `${c.name}: objective`);
      assert.deepEqual(Array.from(c.ours.theta), c.s.x, `${c.name}: θ`);
    }
  });

  it("stops at SciPy's iteration limit and starts where it is told to (cross-validation's warm starts)", () => {
    const c = all[0];
    const warm = fitDesign(c.design, c.y, { estimator: "penalized", delta: DELTA, starts: 0 }).theta.map(
      (v) => v * 0.9,
    );
    const runs = [
      { maxiter: 5, start: undefined },
      { maxiter: 20, start: undefined },
      { maxiter: 100, start: warm },
    ];
    const scipy = scipySlsqp(
      runs.map((r) => ({ design: c.design, y: c.y, delta: DELTA, exp: "fdlibm" as const, ...r })),
    );
    runs.forEach((run, k) => {
      const ours = slsqp(faithfulObjective(c.design, c.y, DELTA), run.start ?? new Float64Array(c.design.p), {
        maxIter: run.maxiter,
      });
      const s = scipy[k];
      assert.deepEqual([ours.nit, ours.nfev, ours.status], [s.nit, s.nfev, s.status], `maxiter ${run.maxiter}`);
      assert.deepEqual(Array.from(ours.theta), s.x);
    });
    assert.equal(scipy[0].status, 9);
  });

  it("parts from SciPy run with NumPy's exp only as SciPy parts from itself, and says where", () => {
    // Ours equals SciPy-with-fdlibm-exp bit for bit (test above), so these gaps are exactly the
    // gaps between two SciPy runs whose exp differ in the last bit: the authors' procedure is not
    // reproducible beyond this precision on any machine but their own.
    const { gaps: g } = gaps(all, "numpy");
    const share = (ok: (c: Gap) => boolean) => g.filter(ok).length;
    const sameIter = share((c) => c.nit[0] === c.nit[1]);
    const tc = share((c) => c.dTC <= 0.01);
    const theta = share((c) => c.dTheta <= 1e-6);
    const obj = share((c) => c.relJ <= 1e-9);
    const all4 = share((c) => c.nit[0] === c.nit[1] && c.relJ <= 1e-9 && c.dTheta <= 1e-6 && c.dTC <= 0.01);
    for (const c of g.filter((c) => c.nit[0] !== c.nit[1] || c.dTC > 0.01)) {
      console.log(
        `  paths part: ${c.name}: iterations ${c.nit[0]} vs ${c.nit[1]}, J rel ${c.relJ.toExponential(1)}, θ ` +
          `${c.dTheta.toExponential(1)}, T_C ${c.dTC.toFixed(4)} months`,
      );
    }
    const q = (f: (c: Gap) => number) => {
      const v = g.map(f).sort((a, b) => a - b);
      return (
        `median ${v[Math.floor(v.length / 2)].toExponential(1)}, 90th percentile ` +
        `${v[Math.floor(0.9 * v.length)].toExponential(1)}, max ${v[v.length - 1].toExponential(1)}`
      );
    };
    console.log(
      `  ${g.length} runs: same iterations ${sameIter}, T_C within 0.01 months ${tc}, θ within 1e-6 ${theta}, J ` +
        `within 1e-9 relative ${obj}, all four ${all4}`,
    );
    console.log(
      `  J relative gap: ${q((c) => c.relJ)}; θ gap: ${q((c) => c.dTheta)}; T_C gap (months): ${q((c) => c.dTC)}`,
    );
    // Measured on this machine (SciPy 1.10.1, NumPy 1.24.2 with its AVX-512 exp) with the embedded
    // data of this commit: same iterations in 113 of 122 runs, T_C within 0.01 months in 110, θ
    // within 1e-6 in 81, J within 1e-9 in 20 (they move with the data; paths part on the longer runs).
    assert.ok(sameIter >= 0.8 * g.length, `same iterations in ${sameIter} of ${g.length}`);
    assert.ok(tc >= 0.8 * g.length, `T_C within 0.01 months in ${tc} of ${g.length}`);
    // The embedded data's headline fit takes SciPy's path: same iterations, θ and T_C agree. θ to
    // 1e-5, not 1e-6: with NumPy's exp 1 ulp off in a quarter of the rows the last digits part
    // (1.3e-6 with the data of this commit; bit for bit with the same exp, the test above).
    assert.ok(
      g[0].nit[0] === g[0].nit[1] && g[0].dTheta <= 1e-5 && g[0].dTC <= 0.01,
      `embedded model 7: ${JSON.stringify(g[0])}`,
    );
  });
});
