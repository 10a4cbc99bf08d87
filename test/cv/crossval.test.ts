import assert from "node:assert/strict";
import { it } from "node:test";
import {
  complement,
  crossValidate,
  cvSetup,
  holdoutSplit,
  makeFolds,
  pairedDifference,
  rankScores,
  spearman,
  topPairs,
} from "../../src/cv/crossval.js";
import { cvGrid } from "../../src/cv/grid.js";
import { simulate } from "../fit/simulate.js";

it("reproduces the authors' hold-out split (seed 1: 47 validation rows, 184 in the pool, §5.18)", () => {
  const s = holdoutSplit(231, 1);
  assert.equal(s.validation.length, 47);
  assert.equal(s.pool.length, 184);
  assert.deepEqual([...s.validation.slice(0, 10)], [78, 150, 171, 228, 190, 88, 210, 116, 214, 62]);
  assert.equal(new Set([...s.validation, ...s.pool]).size, 231);
});

it(
  "folds are reproducible, hold every row out exactly once, keep papers together, and train on every other row " +
    "in order",
  () => {
    const data = simulate(90, 2);
    for (const protocol of ["cold", "paper", "kfold"] as const) {
      const folds = makeFolds(data, protocol, { k: 7, seed: 3 });
      assert.deepEqual(makeFolds(data, protocol, { k: 7, seed: 3 }), folds);
      const all = folds.flatMap((f) => [...f]).sort((a, b) => a - b);
      assert.deepEqual(all, [...Array(data.m).keys()]);
      for (const f of folds) {
        const heldOut = new Set(f);
        // Every other row, in order, once.
        assert.deepEqual(
          [...complement(data.m, f)],
          [...Array(data.m).keys()].filter((i) => !heldOut.has(i)),
          `${protocol}: training rows`,
        );
        if (protocol === "paper") assert.equal(new Set([...f].map((i) => data.cluster[i])).size, 1);
      }
    }
    assert.equal(makeFolds(data, "paper").length, new Set(data.cluster).size);
  },
);

it("ranks the true specification first, or within noise of first, under leave-one-paper-out", async () => {
  const data = simulate(150, 4, { sigma: 0.08 });
  const scores = await cvGrid(data, {
    protocol: "paper",
    estimator: "faithful",
    models: ["7", "16", "2", "3", "1"],
    deltas: [0],
    threads: 2,
  });
  const ranked = rankScores(scores);
  const best = ranked[0].mse;
  const seven = scores.find((s) => s.model === "7")!;
  // "Within noise": the held-out MSE of a fold-level comparison differs by less than 5 %.
  assert.ok(seven.mse <= best * 1.05, `model 7 MSE ${seven.mse} vs best ${best} (${ranked[0].model})`);
  const noProgress = scores.find((s) => s.model === "16")!;
  assert.ok(noProgress.mse > seven.mse * 1.2, "the no-progress model is clearly worse");
  assert.ok(seven.r2 > 0.5);
});

it("as-run warm starts are deterministic; model 18's as-published score (Q8) is worse than with a fixed C0", () => {
  const data = simulate(60, 5, { sigma: 0.1 });
  const setup = cvSetup(data, "as-run");
  const a = crossValidate(setup, "7", 0.0025);
  assert.deepEqual(crossValidate(setup, "7", 0.0025), a);
  assert.ok(Number.isFinite(a.validationMse) && a.folds === setup.pool.m);
  const m18 = crossValidate(setup, "18", 0.0025);
  assert.ok(m18.asPublishedMse! > m18.mse, `${m18.asPublishedMse} vs ${m18.mse}`);
});

it("the aggregation list drops robustness variants, no-progress models and (as published) δ = 0", () => {
  const mk = (model: string, delta: number, mse: number) => ({
    model,
    delta,
    mse,
    r2: 0,
    validationMse: 0,
    folds: 1,
    skipped: 0,
    errors: [],
  });
  const top = topPairs(
    rankScores([mk("19", 0.02, 1), mk("7", 0, 2), mk("7", 0.0025, 3), mk("16", 0.01, 4), mk("10", 0.001, 5)]),
    10,
  );
  assert.deepEqual(
    top.map((s) => `${s.model}/${s.delta}`),
    ["7/0.0025", "10/0.001"],
  );
});

it("paired differences of held-out errors: zero against itself, hand-computed otherwise", () => {
  const mk = (errors: number[]) => ({
    model: "x",
    delta: 0,
    mse: 0,
    r2: 0,
    validationMse: 0,
    folds: 1,
    skipped: 0,
    errors,
  });
  assert.deepEqual(pairedDifference(mk([1, 2, 3]), mk([1, 2, 3])), { diff: 0, se: 0 });
  const r = pairedDifference(mk([1, 2, 3, NaN]), mk([2, 2, 5, 9]));
  assert.ok(Math.abs(r.diff - 1) < 1e-12); // differences 1, 0, 2 (the NaN row is skipped)
  assert.ok(Math.abs(r.se - 1 / Math.sqrt(3)) < 1e-12); // sd of (1, 0, 2) is 1
});

it("Spearman's rho of two rankings: 1 equal, −1 reversed, 0.8 for one swapped pair of four (hand-computed)", () => {
  const score = (model: string) => ({ model, delta: 0 }) as unknown as Parameters<typeof spearman>[0][number];
  const [a, b, c, d] = ["A", "B", "C", "D"].map(score);
  assert.equal(spearman([a, b, c, d], [a, b, c, d]), 1);
  assert.equal(spearman([a, b, c, d], [d, c, b, a]), -1);
  // 1 − 6·Σd²/(n(n² − 1)) with Σd² = 1 + 1, n = 4.
  assert.ok(Math.abs(spearman([a, b, c, d], [b, a, c, d]) - 0.8) < 1e-12);
  // Over the shared items only (D missing from the second): ranks re-formed over A, B, C, so 1 − 6·2/(3·8).
  assert.ok(Math.abs(spearman([a, b, c, d], [b, a, c]) - 0.5) < 1e-12);
});
