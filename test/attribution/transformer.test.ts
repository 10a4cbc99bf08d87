import assert from "node:assert/strict";
import { it } from "node:test";
import { isoLossFrontier } from "../../src/attribution/frontier.js";
import { cegInYears, equalSplitCeg, optimalCeg, transformerReductionPct } from "../../src/attribution/transformer.js";
import { decomposeWithArchitecture, predictTwoTerm } from "../../src/attribution/two-term.js";
import { T1 } from "../../src/published.js";

it("equal-split CEG has the closed form σ^(−2/α) when both exponents equal α", () => {
  // ŷ_T = σ·(A·N^−α + B·D^−α), ŷ_NT(aN, aD) = a^−α·(A·N^−α + B·D^−α) ⇒ a = σ^(−1/α), CEG = a².
  const alpha = 0.07;
  const sigma = 1 / (1 + Math.exp(-2.5));
  const base = (N: number, D: number) => 40 * N ** -alpha + 30 * D ** -alpha;
  const ceg = equalSplitCeg((N, D) => sigma * base(N, D), base, 1e22);
  assert.ok(Math.abs(ceg / sigma ** (-2 / alpha) - 1) < 1e-9, `${ceg}`);
  // A compute-optimal CEG of a pure multiplier on a law whose optimum is a power law in C:
  // L*(C) ∝ C^(−α_C) with α_C = α/2 here, so CEG = σ^(−1/α_C) as well.
  const opt = optimalCeg((N, D) => sigma * base(N, D), base, 1e22);
  assert.ok(Math.abs(opt / sigma ** (-2 / alpha) - 1) < 1e-6, `${opt}`);
});

it("reduction and years of progress follow §5.7 and §5.18", () => {
  assert.ok(Math.abs(transformerReductionPct(T1.gamma_T) - 4.871) < 5e-4);
  assert.ok(Math.abs(cegInYears(7.16, 8.44 / 12) * 12 - Math.log2(7.16) * 8.44) < 1e-12);
  assert.ok(Math.abs(Math.log2(7.16) * 8.44 - 24) < 0.1); // "almost two years" (§8 T4)
});

it("frontier points reach the target loss exactly and end where the data term alone exceeds it", () => {
  const law = { a: 2 + 0.004 * 2020, aYear: 0.004, aParam: 0.07, b: 1.8 + 0.036 * 2020, bYear: 0.036, bData: 0.04 };
  const L = Math.log(17.48);
  const pts = isoLossFrontier(law, L, 2020, 4e6, 4e12);
  assert.ok(pts.length > 10);
  for (const p of pts) assert.ok(Math.abs(predictTwoTerm(law, p.N, p.D, 2020) - L) < 1e-12);
  for (let i = 1; i < pts.length; i++) assert.ok(pts[i].N > pts[i - 1].N, "less data needs more parameters");
  if (pts.length < 100) {
    const Dnext = Math.exp(Math.log(4e12) + ((Math.log(4e6) - Math.log(4e12)) * pts.length) / 99);
    assert.ok(Math.exp(law.b - law.bYear * 2020 - law.bData * Math.log(Dnext)) >= L);
  }
});

it("five-player Shapley (model 13) is efficient; the authors' one-at-a-time version is not", () => {
  const lawOf = (T: 0 | 1) => ({
    a: 2,
    aYear: 0.004,
    aParam: T ? 0.09 : 0.07,
    b: 1.8,
    bYear: 0.036,
    bData: T ? 0.03 : 0.04,
  });
  const from = { N: 1e7, D: 1e8, t: 2016, transformer: 0 as const };
  const to = { N: 1e9, D: 4e9, t: 2019, transformer: 1 as const };
  const s = decomposeWithArchitecture(lawOf, from, to);
  assert.ok(Math.abs(s.shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  const q = decomposeWithArchitecture(lawOf, from, to, "as-published");
  assert.ok(Math.abs(q.shares.reduce((a, b) => a + b, 0) - 1) > 1e-3);
});

it("stylised effective compute: 2 doublings a year, 8 during 2018, plus the algorithmic rate (§5.4)", async () => {
  const { effectiveComputeContributions } = await import("../../src/attribution/effective.js");
  const r = effectiveComputeContributions({ algorithmicDoublingMonths: 7.5 });
  const at = (year: number) => r.t.findIndex((t) => Math.abs(t - year) < 1e-9);
  assert.ok(Math.abs(r.physical[at(2015)] - 2) < 1e-9);
  assert.ok(Math.abs(r.physical[at(2019)] - r.physical[at(2018)] - 8) < 1e-9);
  assert.ok(Math.abs(r.algorithmic[at(2016)] - 24 / 7.5) < 1e-9);
  assert.ok(Math.abs(r.effective[at(2020)] - r.physical[at(2020)] - r.algorithmic[at(2020)]) < 1e-12);
});
