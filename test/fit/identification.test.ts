import assert from "node:assert/strict";
import { it } from "node:test";
import type { EvalRow } from "../../src/data/types.js";
import { dataSizeSupport } from "../../src/fit/identification.js";

const row = (benchmark: EvalRow["benchmark"], dataset: number, zeroShot = false) =>
  ({ benchmark, dataset, zeroShot }) as EvalRow;

it("counts the rows whose dataset size differs from their benchmark's usual one", () => {
  // WT103: three from-scratch rows and one pretrained model; PTB: two from-scratch rows.
  const s = dataSizeSupport([
    row("wt103", 1e8),
    row("wt103", 1e8),
    row("wt103", 1e8),
    row("wt103", 1e10, true),
    row("ptb", 1e6),
    row("ptb", 1e6),
  ]);
  assert.equal(s.rows, 6);
  assert.equal(s.offModal, 1);
  assert.equal(s.offModalZeroShot, 1);
  assert.deepEqual(
    s.byBenchmark.map((b) => [b.benchmark, b.rows, b.modalD, b.offModal]),
    [
      ["wt103", 4, 1e8, 1],
      ["ptb", 2, 1e6, 0],
    ],
  );
  // By hand in units of ln 10: WT103 values 8, 8, 8, 10 (mean 8.5, squares 3·0.25 + 2.25 = 3);
  // PTB 6, 6 (0); all six: mean 23/3, squares 3·(1/3)² + (7/3)² + 2·(5/3)² = 34/3. Share 9/34.
  assert.ok(Math.abs(s.withinShare - 9 / 34) < 1e-12);
});

it("gives zero within-benchmark variance when D is a function of the benchmark", () => {
  const s = dataSizeSupport([row("wt103", 1e8), row("wt2", 2e6), row("ptb", 1e6), row("ptb", 1e6)]);
  assert.equal(s.offModal, 0);
  assert.equal(s.withinShare, 0);
});
