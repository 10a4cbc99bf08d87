import assert from "node:assert/strict";
import { it } from "node:test";
import { clusteredNll, fitClustered } from "../../src/fit/clustered.js";
import { normalisationOf } from "../../src/fit/data.js";
import { mt19937 } from "../../src/random/mt19937.js";
import { clusteredNllReference } from "./clustered-reference.js";
import { TRUTH7, simulate } from "./simulate.js";

it("the clustered NLL's gradient matches finite differences", () => {
  const d = simulate(60, 8, { sigma: 0.1 });
  const norm = normalisationOf(d);
  const g = mt19937(2);
  const th = Float64Array.from([...TRUTH7.map((v) => v + 0.02 * g.normal()), Math.log(0.1), 0.3]);
  const grad = new Float64Array(12);
  const nll = clusteredNll(d, norm);
  nll(th, grad);
  const tmp = new Float64Array(12);
  for (let j = 0; j < 12; j++) {
    const up = Float64Array.from(th);
    const dn = Float64Array.from(th);
    up[j] += 1e-6;
    dn[j] -= 1e-6;
    const fd = (nll(up, tmp) - nll(dn, tmp)) / 2e-6;
    assert.ok(Math.abs(fd - grad[j]) <= 1e-5 * (1 + Math.abs(fd)), `${j}: ${grad[j]} vs ${fd}`);
  }
});

it("recovers σ and a within-paper correlation from data simulated with one", () => {
  const d = simulate(600, 9, { sigma: 0 });
  const g = mt19937(5);
  const rho = 0.5;
  const sigma = 0.05;
  // Equicorrelated errors: a shared paper effect plus independent noise.
  const shared = new Map<number, number>();
  for (let i = 0; i < d.m; i++) {
    if (!shared.has(d.cluster[i])) shared.set(d.cluster[i], g.normal());
    d.y[i] += sigma * (Math.sqrt(rho) * shared.get(d.cluster[i])! + Math.sqrt(1 - rho) * g.normal());
  }
  const f = fitClustered(d);
  assert.ok(Math.abs(f.sigma - sigma) < 0.01, `σ ${f.sigma}`);
  assert.ok(Math.abs(f.rho - rho) < 0.2, `ρ ${f.rho}`);
});

it(
  "the clustered NLL and its gradient are the first implementation's doubles, bit for bit, with papers of " +
    "many sizes and where the mean overflows",
  () => {
    // Expected values: test/fit/clustered-reference.ts, the NLL as first written (a logarithm per
    // paper, the dense Jacobian, the gradient row by row).
    const d = simulate(90, 12, { sigma: 0.1 });
    // Papers of 1 to 13 rows (0; 1, 2, 3; 4, …, 8; …), in row order.
    d.cluster = Int32Array.from({ length: d.m }, (_, i) => Math.floor(Math.sqrt(i)));
    const norm = normalisationOf(d);
    const [nll, ref] = [clusteredNll(d, norm), clusteredNllReference(d, norm)];
    const g = mt19937(3);
    const points = Array.from({ length: 30 }, () =>
      Float64Array.from([
        ...TRUTH7.map((v) => v + 0.05 * g.normal()),
        Math.log(0.05 + 0.2 * g.random()),
        2 * g.normal(),
      ]),
    );
    // A mean that overflows: the NLL is +∞ and the gradient NaN in both.
    points.push(Float64Array.from([800, ...TRUTH7.slice(1), 0, 0]));
    for (const th of points) {
      const [got, want] = [new Float64Array(12), new Float64Array(12)];
      const [a, b] = [nll(th, got), ref(th, want)];
      assert.ok(Object.is(a, b), `NLL ${a} ≠ ${b}`);
      for (let j = 0; j < 12; j++) assert.ok(Object.is(got[j], want[j]), `∂/∂θ_${j}: ${got[j]} ≠ ${want[j]}`);
    }
  },
);
