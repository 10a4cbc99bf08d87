import assert from "node:assert/strict";
import { it } from "node:test";
import { CHINCHILLA_ALPHA_C, computeOptimal } from "../../src/extensions/compute-exponent.js";
import {
  bootstrapCeg,
  cegCurve,
  frontierCompute,
  overlap,
  overlapLevels,
  paretoFrontier,
} from "../../src/extensions/frontier-ceg.js";
import { optimalAllocation } from "../../src/progress/doubling.js";
import { predictTwoTerm } from "../../src/attribution/two-term.js";

const law = { a: 2 + 0.004 * 2023, aYear: 0.004, aParam: 0.068, b: 1.8 + 0.036 * 2023, bYear: 0.036, bData: 0.0396 };

it("α_C = αβ/(α+β), and the closed-form allocation agrees with a numerical optimum", () => {
  const r = computeOptimal(law, 2023)!;
  assert.ok(Math.abs(r.alphaC - (0.068 * 0.0396) / (0.068 + 0.0396)) < 1e-15);
  assert.ok(Math.abs(CHINCHILLA_ALPHA_C - 0.15355) < 1e-5);
  const num = optimalAllocation((N, D, t) => predictTwoTerm(law, N, D, t), 1e21, 2023);
  assert.ok(Math.abs(num.D / num.N / r.tokensPerParam[0].ratio - 1) < 1e-4);
  // L*(2C)/… : the optimal loss is a power law in C with exponent α_C.
  const l1 = optimalAllocation((N, D, t) => predictTwoTerm(law, N, D, t), 1e21, 2023).loss;
  const l2 = optimalAllocation((N, D, t) => predictTwoTerm(law, N, D, t), 2e21, 2023).loss;
  assert.ok(Math.abs(Math.log(l1 / l2) / Math.LN2 - r.alphaC) < 1e-6);
  assert.equal(computeOptimal({ ...law, bData: -0.01 }, 2023), null);
});

it("Pareto frontiers of a hand-made point set", () => {
  const pts = [
    { C: 1, y: 5, t: 0 },
    { C: 2, y: 6, t: 0 },
    { C: 3, y: 4, t: 0 },
    { C: 3, y: 3.5, t: 0 },
    { C: 5, y: 4.2, t: 0 },
    { C: 8, y: 2, t: 0 },
  ];
  assert.deepEqual(
    paretoFrontier(pts).map((p) => [p.C, p.y]),
    [
      [1, 5],
      [3, 3.5],
      [8, 2],
    ],
  );
  const f = paretoFrontier(pts);
  assert.equal(frontierCompute(f, 4), 3);
  assert.equal(frontierCompute(f, 3.5), 3);
  assert.ok(Math.abs(frontierCompute(f, 2.75, "interpolated") - 10 ** ((Math.log10(3) + Math.log10(8)) / 2)) < 1e-12);
  assert.ok(Number.isNaN(frontierCompute(f, 1)));
  assert.deepEqual(
    overlap(f, [
      { C: 1, y: 3, t: 0 },
      { C: 2, y: 1, t: 0 },
    ]),
    [2, 3],
  );
});

it("CEG of two power laws with a known compute offset is that offset at every level", () => {
  // Group B reaches any y with 8× less compute: y = 5 − 0.5·log10(C) vs 5 − 0.5·log10(8C).
  const grid = Array.from({ length: 40 }, (_, i) => 10 ** (1 + i * 0.25));
  const a = grid.map((C) => ({ C, y: 5 - 0.5 * Math.log10(C), t: 2015 }));
  const b = grid.map((C) => ({ C, y: 5 - 0.5 * Math.log10(8 * C), t: 2018 }));
  const levels = overlapLevels(a, b, 25);
  const c = cegCurve(a, b, levels, "interpolated");
  for (const x of c.ceg) assert.ok(Math.abs(x / 8 - 1) < 1e-9);
  assert.ok(Math.abs(c.halvingYears - (3 * Math.LN2) / Math.log(8)) < 1e-9); // 1 year
  const boot = bootstrapCeg(a, b, levels, 20, 0, "interpolated");
  assert.ok(boot.outsideShare >= 0 && boot.outsideShare < 1);
});

it(
  "the model-based architecture CEG of a pure multiplier σ on a two-term law is σ^(−1/α_C) at every " + "level",
  async () => {
    const { modelCegCurve } = await import("../../src/extensions/comparisons.js");
    const { computeOptimal } = await import("../../src/extensions/compute-exponent.js");
    const sigma = 0.95;
    const nt = (N: number, D: number, t: number) => predictTwoTerm(law, N, D, t);
    const tr = (N: number, D: number, t: number) => sigma * nt(N, D, t);
    const aC = computeOptimal(law, 2019)!.alphaC;
    const levels = [2.6, 2.8, 3.0];
    for (const x of modelCegCurve(tr, nt, 2019, levels))
      assert.ok(Math.abs(x / sigma ** (-1 / aC) - 1) < 1e-5, `${x} vs ${sigma ** (-1 / aC)}`);
  },
);

it("frontier comparisons use the chosen compute measure and skip rows without it", async () => {
  const { frontierComparisons } = await import("../../src/extensions/comparisons.js");
  const row = (i: number, t: number, compute: number | null) =>
    ({
      benchmark: "wt103",
      param: 1e6 * (i + 1),
      dataset: 1e8,
      epoch: 2,
      trainingCompute: compute,
      pplOwn: 100 / (i + 1),
      t,
      transformer: t > 2017 ? 1 : 0,
    }) as never;
  const rows = [
    ...Array.from({ length: 6 }, (_, i) => row(i, 2016.5, 1e18 * (i + 1))),
    ...Array.from({ length: 6 }, (_, i) => row(i, 2018.5, null)),
  ];
  const reported = frontierComparisons(rows, { B: 5, seed: 0, compute: "reported" }).find(
    (c) => c.benchmark === "wt103" && c.label.startsWith("2016–2018 → 2018–2020"),
  )!;
  assert.deepEqual([reported.nA, reported.nB], [6, 0]);
  const sixND = frontierComparisons(rows, { B: 5, seed: 0 }).find(
    (c) => c.benchmark === "wt103" && c.label.startsWith("2016–2018 → 2018–2020"),
  )!;
  assert.deepEqual([sixND.nA, sixND.nB], [6, 6]);
});
