import assert from "node:assert/strict";
import { it } from "node:test";
import { firstSameJob, halving, halvings } from "../../src/robustness/halving.js";
import { TRUTH7, simulate } from "../fit/simulate.js";

it("the halving-time check recovers the truth on simulated model-7 data", async () => {
  const d = simulate(400, 23, { sigma: 0.03 });
  const e = await halving(d, "7", 0, { estimator: "nls", B: 30, seed: 1, starts: 2 });
  const truth = (12 * Math.LN2) / (TRUTH7[3] / TRUTH7[4] + TRUTH7[8] / TRUTH7[9]);
  assert.ok(e.p2_5 <= truth && truth <= e.p97_5, `${truth} not in ${e.p2_5}–${e.p97_5}`);
});

it("estimates a list of halvings alike in this thread and a job per worker thread, in the list's order", async () => {
  // Three estimators and two samples, as a specification curve lists them.
  const a = simulate(120, 31, { sigma: 0.05 });
  const b = simulate(90, 32, { sigma: 0.05 });
  const jobs = [
    { data: a, modelId: "7", delta: 0.0025 },
    { data: b, modelId: "7", delta: 0.0025, estimator: "penalized" as const },
    { data: a, modelId: "7", delta: 0, estimator: "nls" as const },
    { data: b, modelId: "7", delta: 0.01 },
  ];
  const opts = { estimator: "faithful" as const, B: 8, seed: 3, starts: 1 };
  const done: number[] = [];
  const serial = await halvings(jobs, opts, undefined, 1);
  const pooled = await halvings(jobs, opts, (k) => done.push(k), 2);
  assert.deepEqual(pooled, serial);
  assert.deepEqual(serial[1], await halving(b, "7", 0.0025, { ...opts, estimator: "penalized" }));
  assert.deepEqual(done.sort(), [1, 2, 3, 4]);
});

it("estimates jobs with the same content once, and gives each of them that estimate", async () => {
  const a = simulate(120, 31, { sigma: 0.05 });
  const copy = { ...a, y: a.y.slice() }; // equal content, other arrays
  const opts = { estimator: "faithful" as const, B: 8, seed: 3, starts: 1 };
  const jobs = [
    { data: a, modelId: "7", delta: 0.0025 },
    { data: a, modelId: "7", delta: 0.01 },
    { data: copy, modelId: "7", delta: 0.0025, estimator: "faithful" as const, which: "analytic" as const },
    { data: a, modelId: "7", delta: 0.0025, which: "numerical" as const },
  ];
  const progress: [number, number][] = [];
  const out = await halvings(jobs, opts, (done, total) => progress.push([done, total]), 1);
  // Expected: each job's own estimate; the third job equals the first, so three bootstraps run.
  for (const [i, j] of jobs.entries())
    assert.deepEqual(out[i], await halving(j.data, j.modelId, j.delta, opts, j.which), `job ${i}`);
  assert.deepEqual(progress, [
    [1, 3],
    [2, 3],
    [3, 3],
  ]);
  assert.notEqual(out[2], out[0]); // a record of its own
});

it("names, for each job, the first job with the same sample, model, penalty, estimator and quantity", () => {
  const a = simulate(60, 31, { sigma: 0.05 });
  const copy = { ...a, y: a.y.slice() };
  const jobs = [
    { data: a, modelId: "7", delta: 0.0025 },
    { data: a, modelId: "8", delta: 0.0025 },
    { data: copy, modelId: "7", delta: 0.0025, estimator: "faithful" as const }, // the options' estimator: job 0
    { data: a, modelId: "7", delta: 0.0025, estimator: "nls" as const },
    { data: a, modelId: "7", delta: 0.0025, which: "numerical" as const },
    { data: { ...a, y: a.y.map((v, i) => (i === 5 ? v + 1e-12 : v)) }, modelId: "7", delta: 0.0025 }, // one y differs
    { data: a, modelId: "8", delta: 0.0025, which: "analytic" as const }, // job 1
  ];
  // Hand-derived from the jobs' contents above.
  assert.deepEqual(firstSameJob(jobs, { estimator: "faithful" }), [0, 1, 0, 3, 4, 5, 1]);
  assert.deepEqual(firstSameJob(jobs, { estimator: "nls" }), [0, 1, 2, 0, 4, 5, 1]);
});
