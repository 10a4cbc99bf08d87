import assert from "node:assert/strict";
import { it } from "node:test";
import {
  accelerationVerdict,
  clusteredHalving,
  distinctSystems,
  topKPerPaper,
  yearDummySplit,
} from "../../src/robustness/checks.js";
import { summariseCurve } from "../../src/robustness/spec-curve.js";
import { TRUTH7, simulate } from "../fit/simulate.js";
import type { EvalRow } from "../../src/data/types.js";
import { simulatedRows } from "./simulated-rows.js";

const o = { estimator: "faithful" as const, B: 40, seed: 0 };

it("flags data simulated with an acceleration after 2017 as accelerating, and data without one as not", async () => {
  // Year-dummy truth: after 2017 the data-efficiency trend is three times faster.
  const acc = simulate(400, 21, { modelId: "7+yeardummy2017", theta: [...TRUTH7, 0, 0.07], sigma: 0.03 });
  const a = await yearDummySplit(acc, 2017, o);
  assert.equal(accelerationVerdict(a.pre, a.post).verdict, "accelerating");
  const flat = simulate(400, 22, { sigma: 0.03 });
  const f = await yearDummySplit(flat, 2017, o);
  assert.notEqual(accelerationVerdict(f.pre, f.post).verdict, "accelerating");
});

it("top-k per paper and distinct systems select the right rows", () => {
  const r = (system: string, reference: string) => ({ system, reference }) as EvalRow;
  const rows = [r("a", "P"), r("b", "P"), r("b", "P"), r("c", "P"), r("d", "Q")];
  assert.deepEqual(
    topKPerPaper(rows, 1).map((x) => x.system),
    ["a", "d"],
  );
  assert.deepEqual(
    topKPerPaper(rows, 3).map((x) => x.system),
    ["a", "b", "b", "d"],
  );
  assert.equal(topKPerPaper(rows, Infinity).length, 5);
  assert.deepEqual(
    distinctSystems(rows).map((x) => x.system),
    ["a", "b", "c", "d"],
  );
});

it(
  "the curve summary counts intervals containing the reference and finds the choice that moves the estimate " + "most",
  () => {
    const spec = (estimator: "faithful" | "nls", model: string, p50: number) => ({
      choice: { sample: "top-3" as const, target: "as published" as const, estimator, model, delta: 0.0025 },
      estimate: { p50, p2_5: p50 - 2, p97_5: p50 + 2, rows: 10, excluded: 0 },
    });
    const s = summariseCurve(
      [spec("faithful", "7", 8), spec("nls", "7", 20), spec("faithful", "10", 9), spec("nls", "10", 21)],
      8.4,
    );
    assert.equal(s.containing, 2);
    assert.equal(s.distinct, 4);
    // A specification that repeats the first counts again in the share, and not among the distinct.
    const again = summariseCurve([spec("faithful", "7", 8), { ...spec("faithful", "7", 8), repeats: 0 }], 8.4);
    assert.deepEqual([again.total, again.distinct, again.containing], [2, 1, 2]);
    assert.equal(s.spread[0].dimension, "estimator");
    assert.equal(s.spread[0].range, 12);
  },
);

it("direct halving near a fixed perplexity recovers a known rate (§5.14)", async () => {
  const { directHalving } = await import("../../src/robustness/direct.js");
  // Compute needed for perplexity ≈ 20 halves every 6 months: C = 1e21·2^(−2(t − 2019)).
  const pts = Array.from({ length: 10 }, (_, i) => ({
    system: `s${i}`,
    reference: `p${i}`,
    ppl: 20 * (1 + 0.01 * (i % 3)),
    C: 1e21 * 2 ** (-2 * (0.4 * i)),
    t: 2019 + 0.4 * i,
  }));
  const ref = pts[0];
  const r = directHalving([...pts, { system: "far", reference: "q", ppl: 40, C: 1, t: 2020 }], ref, 1.1);
  assert.deepEqual(r, { months: 6, rows: 10 });
  assert.equal(directHalving(pts.slice(0, 5), ref, 1.1).months, null);
});

it(
  "on data simulated from model 7, every check that keeps the model's meaning brackets the true halving " + "time",
  async () => {
    const { runChecks } = await import("../../src/robustness/checks.js");
    const d = simulate(360, 31, { sigma: 0.02 });
    const rows = simulatedRows(d);
    const truth = (12 * Math.LN2) / (TRUTH7[3] / TRUTH7[4] + TRUTH7[8] / TRUTH7[9]);
    const checks = await runChecks(rows, rows, rows, { estimator: "nls", B: 15, seed: 2, starts: 1 });
    const sameMeaning = [
      "headline",
      "numerical",
      "corrected-target",
      "bench-wt103",
      "no-zero-shot",
      "no-dynamic-eval",
      "top-3",
      "top-Infinity",
      "distinct",
      "paper-weights",
      "post-transformer",
      "tokens-seen",
      "irreducible",
      "vocabulary",
      "clustered",
    ];
    // Three rows per paper: top 3 and top all keep the headline's rows, and say so.
    const headline = checks.find((x) => x.id === "headline")!;
    for (const id of ["top-3", "top-Infinity"]) {
      const c = checks.find((x) => x.id === id)!;
      assert.deepEqual(c.estimate, headline.estimate);
      assert.match(c.note ?? "", /the same rows and model as "headline: model 7, δ = 0.0025, main sample"/);
    }
    // On these rows many rules keep everything: the same target column, no dynamic evaluation, three
    // rows per paper, distinct systems, one epoch everywhere (D·E = D, E − 1 repetitions = none), every
    // epoch and vocabulary known. Each of those checks repeats an earlier one and says so; no other does.
    const repeated = checks.filter((c) => /the same rows and model/.test(c.note ?? "")).map((c) => c.id);
    assert.deepEqual(repeated, [
      "corrected-target",
      "no-dynamic-eval",
      "top-3",
      "top-Infinity",
      "distinct",
      "tokens-seen",
      "effective-data-corrected",
      "tokens-seen-known",
      "vocabulary-subset",
    ]);
    const note = (id: string) => checks.find((x) => x.id === id)!.note ?? "";
    assert.match(note("vocabulary-subset"), /as "vocabulary control, imputed \(model 19, §5\.11\)"/);
    assert.match(note("tokens-seen-known"), /its estimate, not a separate check; rows resampled by position/);
    for (const id of sameMeaning) {
      const c = checks.find((x) => x.id === id)!;
      // Allow 10 % slack at the interval ends for the small bootstrap.
      assert.ok(
        c.estimate.p2_5 * 0.9 <= truth && truth <= c.estimate.p97_5 * 1.1,
        `${id}: truth ${truth.toFixed(2)} outside ${c.estimate.p2_5.toFixed(2)}–${c.estimate.p97_5.toFixed(2)}`,
      );
    }
  },
);

it("the clustered-error bootstrap gives the same estimate on worker threads as on one thread", async () => {
  const d = simulate(90, 8, { sigma: 0.05 });
  const serial = await clusteredHalving(d, 6, 3, 1);
  assert.deepEqual(await clusteredHalving(d, 6, 3, 2), serial);
  assert.equal(serial.rows, 90);
  assert.ok(serial.p2_5 <= serial.p50 && serial.p50 <= serial.p97_5, JSON.stringify(serial));
});
