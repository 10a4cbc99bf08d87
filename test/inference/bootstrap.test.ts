import { availableParallelism } from "node:os";
import assert from "node:assert/strict";
import { it } from "node:test";
import { bootstrap, resamples } from "../../src/inference/bootstrap.js";
import { normalisationOf, subset } from "../../src/fit/data.js";
import { mt19937, resampleIndices } from "../../src/random/mt19937.js";
import { simulate } from "../fit/simulate.js";

const data = simulate(120, 3, { sigma: 0.1 });
const spec = {
  modelId: "7",
  fit: { estimator: "faithful" as const, delta: 0.0025 },
  norm: normalisationOf(data),
  numerical: true,
};

it("draws the same resamples from the same seed, and different ones from another", () => {
  assert.deepEqual(resamples(data, 3, 0), resamples(data, 3, 0));
  assert.notDeepEqual(resamples(data, 3, 0)[0], resamples(data, 3, 1)[0]);
  // Cluster resamples take whole papers: every drawn paper contributes all its rows.
  for (const idx of resamples(data, 5, 2, true)) {
    const counts = new Map<number, number>();
    for (const i of idx) counts.set(data.cluster[i], (counts.get(data.cluster[i]) ?? 0) + 1);
    for (const [c, n] of counts) assert.equal(n % data.cluster.filter((x) => x === c).length, 0);
  }
});

it("by default fits a small job in the calling thread when no workers are running, and says why", async () => {
  const b = await bootstrap(data, spec, { B: 8, seed: 0 });
  assert.equal(b.threads, 1);
  assert.match(b.plan, /^1 thread \(.*(starting workers would cost more|one core)/);
  assert.deepEqual(b.replicates, (await bootstrap(data, spec, { B: 8, seed: 0, threads: 1 })).replicates);
});

it("gives identical replicates on 1 and 2 worker threads", async () => {
  const serial = await bootstrap(data, spec, { B: 8, seed: 0, threads: 1 });
  let progress = 0;
  const parallel = await bootstrap(data, spec, { B: 8, seed: 0, threads: 2, onProgress: (d) => (progress = d) });
  assert.equal(parallel.threads, 2);
  assert.equal(progress, 8);
  assert.deepEqual(parallel.replicates, serial.replicates);
  assert.equal(serial.failed, 0);
  assert.ok(serial.replicates.every((r) => Number.isFinite(r.TC) && r.numerical.length === 1));
});

it("by default hands any job to workers an earlier call left running, without a probe", async () => {
  // The test above left two workers running.
  const b = await bootstrap(data, spec, { B: 8, seed: 0 });
  assert.equal(b.threads, Math.min(availableParallelism(), 8));
  if (b.threads > 1) assert.equal(b.plan, `${b.threads} threads (workers already running)`);
  assert.deepEqual(b.replicates, (await bootstrap(data, spec, { B: 8, seed: 0, threads: 1 })).replicates);
});

it("counts failed replicates (non-finite fits) instead of dropping them", async () => {
  const bad = subset(
    data,
    Array.from({ length: data.m }, (_, i) => i),
  );
  bad.y[5] = NaN; // any resample containing row 5 cannot be fitted
  const B = 12;
  const idx = resamples(bad, B, 3);
  const expected = idx.filter((r) => r.includes(5)).length;
  assert.ok(expected > 0 && expected < B);
  const b = await bootstrap(bad, { ...spec, numerical: false }, { B, seed: 3, threads: 1 });
  assert.equal(b.replicates.length, B);
  assert.equal(b.failed, expected);
  b.replicates.forEach((r, k) => assert.equal(Number.isFinite(r.objective), !idx[k].includes(5)));
});

it("counts a resample that loses a slope's variation as a failed replicate, and fits the others", async () => {
  // Every row but row 9 on one date: a resample without row 9 cannot identify the date trends.
  const t = Float64Array.from(data.t, () => 2018.5);
  t[9] = 2020.25;
  const one = { ...data, t };
  const B = 10;
  const idx = resamples(one, B, 4);
  const lost = idx.filter((r) => !r.includes(9)).length;
  assert.ok(lost > 0 && lost < B, `${lost} of ${B} resamples lose row 9`);
  const b = await bootstrap(one, { ...spec, numerical: false }, { B, seed: 4, threads: 1 });
  assert.equal(b.failed, lost);
  b.replicates.forEach((r, k) => assert.equal(Number.isFinite(r.objective), idx[k].includes(9)));
});

it("row resamples are the MT19937 stream of §4.1: replicate r takes draws r·m … (r + 1)·m − 1", () => {
  const rng = mt19937(0);
  const [first, second] = resamples(data, 2, 0);
  assert.deepEqual(first, resampleIndices(rng, data.m));
  assert.deepEqual(second, resampleIndices(rng, data.m));
});

it("cluster resamples draw as many papers as there are, in paper-index order, reproducibly", () => {
  const papers = new Set(data.cluster).size;
  // The simulated papers' indices rise with their rows; reversed, paper-index order is the opposite
  // of the order papers first appear in, so both orders are checked.
  const reversed = { ...data, cluster: data.cluster.map((c) => papers - 1 - c) };
  for (const d of [data, reversed]) {
    const rng = mt19937(7);
    const draws = Array.from({ length: papers }, () => rng.interval(papers - 1));
    const [idx] = resamples(d, 1, 7, true);
    const expected = draws.flatMap((c) => Array.from(d.cluster.keys()).filter((i) => d.cluster[i] === c));
    assert.deepEqual([...idx], expected);
  }
});
