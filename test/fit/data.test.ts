import assert from "node:assert/strict";
import { it } from "node:test";
import { effectiveDataFactor, fitDataFromTable, normalisationOf, paperRows, subset } from "../../src/fit/data.js";

const table = [
  { year: 2017.5, param: 1e8, dataset: 1e9, benchmark: "wt103", log_ppl: 3.2, reference: "b paper" },
  { year: "2016.25", param: "2e7", dataset: "1e6", benchmark: "ptb", log_ppl: "4.1", reference: "a paper" },
  {
    year: 2019,
    param: 1.5e9,
    dataset: 4e10,
    benchmark: "wt2",
    log_ppl: 2.9,
    reference: "b paper",
    transformer: 1,
    epoch: 2,
  },
];

it("builds columns from the plain table layout", () => {
  const d = fitDataFromTable(table);
  assert.equal(d.m, 3);
  assert.deepEqual([...d.t], [2017.5, 2016.25, 2019]);
  assert.deepEqual([...d.year], [2017, 2016, 2019]);
  assert.deepEqual([...d.P], [0, 1, 0]);
  assert.deepEqual([...d.W], [0, 0, 1]);
  assert.deepEqual([...d.T], [0, 0, 1]);
  assert.deepEqual([...d.y], [3.2, 4.1, 2.9]);
  assert.ok(Number.isNaN(d.epoch[0]) && d.epoch[2] === 2 && Number.isNaN(d.vocab[1]));
  assert.deepEqual([...d.cluster], [1, 0, 1]);
  assert.throws(() => fitDataFromTable([{ ...table[0], benchmark: "c4" }]), /benchmark/);
  assert.throws(() => fitDataFromTable([{ ...table[0], param: "UNK" }]), /param/);
});

it("normalisation constants are the minima, C0 = min 6ND (not 6·minN·minD)", () => {
  const d = fitDataFromTable(table);
  assert.deepEqual(normalisationOf(d), { N0: 2e7, D0: 1e6, t0: 2016.25, C0: 6 * 2e7 * 1e6 });
  const e = fitDataFromTable([
    { ...table[0], param: 1, dataset: 1e12 },
    { ...table[0], param: 1e12, dataset: 1 },
  ]);
  assert.equal(normalisationOf(e).C0, 6e12);
});

it("subset takes rows in order, with repetition", () => {
  const d = subset(fitDataFromTable(table), [2, 2, 0]);
  assert.equal(d.m, 3);
  assert.deepEqual([...d.N], [1.5e9, 1.5e9, 1e8]);
  assert.deepEqual([...d.cluster], [1, 1, 1]);
});

it("effective-data factor 1 + R(1 − e^(−E/R)), R = 2.9157, missing E → 1", () => {
  assert.ok(Math.abs(effectiveDataFactor(1) - (1 + 2.9157 * (1 - Math.exp(-1 / 2.9157)))) < 1e-15);
  assert.equal(effectiveDataFactor(NaN), effectiveDataFactor(1));
  assert.ok(effectiveDataFactor(1e6) < 1 + 2.9157 + 1e-9);
});

it("groups rows by paper, papers in order of their first row, rows in row order", () => {
  // Hand-made clusters: paper 5 first appears at row 0, paper 2 at row 1, paper 9 at row 4.
  const d = { ...fitDataFromTable([...table, ...table]), cluster: Int32Array.of(5, 2, 5, 2, 9, 5) };
  assert.deepEqual(
    paperRows(d).map((rows) => [...rows]),
    [[0, 2, 5], [1, 3], [4]],
  );
  assert.deepEqual(paperRows({ ...d, m: 0, cluster: new Int32Array(0) }), []);
});
