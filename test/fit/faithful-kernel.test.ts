/**
 * The faithful objective's WebAssembly kernels (wasm/faithful-kernel.ts) against the scalar
 * definitions they replace: fdlibm's exp (src/numeric/exp.ts, itself checked against V8's
 * Math.exp), NumPy's pairwise sum (src/stats/pairwise.ts), and J(θ) written out row by row
 * (docs/method.md §3.1). Every comparison is bit for bit (Object.is), not within a tolerance.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fitDataFromRows, imputeVocabulary, normalisationOf } from "../../src/fit/data.js";
import { faithfulObjective } from "../../src/fit/faithful.js";
import { type Design, MODEL_IDS, buildDesign, model, subsetDesign } from "../../src/fit/models.js";
import { Layout, Region } from "../../src/fit/wasm-kernel.js";
import { loadEvaluations } from "../../src/data/load.js";
import { fdlibmExp } from "../../src/numeric/exp.js";
import { mt19937 } from "../../src/random/mt19937.js";
import { pairwiseSum } from "../../src/stats/pairwise.js";
import { simulate } from "./simulate.js";
import { directionReference } from "./direction-reference.js";

const root = new URL("../../", import.meta.url).pathname;

/** Scratch memory of the kernel for `n` input and `n` output doubles; their offsets (bytes). */
function scratch(n: number) {
  const L = new Layout();
  const src = L.f64(n);
  const dst = L.f64(n);
  const k = new Region(L.bytes, () => {}).enter();
  return { k, src, dst };
}

/** J(θ) of §3.1 row by row in plain JavaScript: the definition the kernels must reproduce. */
function referenceJ(d: Design, y: ArrayLike<number>, delta: number, theta: ArrayLike<number>): number {
  const { m, terms, cols, additive, addCols, T, weight, gammaIndex } = d;
  const sg = gammaIndex >= 0 ? 1 / (1 + fdlibmExp(-theta[gammaIndex])) : 1;
  const sq = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const ex = terms.map((X, k) => {
      let e = X[i] * theta[cols[k][0]];
      for (let a = 1; a < cols[k].length; a++) e += X[a * m + i] * theta[cols[k][a]];
      return fdlibmExp(e);
    });
    let base = ex.length > 1 ? ex[0] + ex[1] : ex[0];
    for (const j of addCols) base += additive![j * m + i] * theta[j];
    const r = y[i] - (gammaIndex >= 0 && T[i] === 1 ? sg * base : base);
    sq[i] = weight[i] * r * r;
  }
  const J = pairwiseSum(sq) / m + delta * pairwiseSum(Array.from(theta, Math.abs));
  return Number.isFinite(J) ? J : Infinity;
}

/** Parameters whose columns are zero on more than half the rows: `moved` recomputes only the listed rows. */
function sparseParameters(d: Design): number {
  const { m, p, terms, cols, additive, T, gammaIndex } = d;
  let sparse = 0;
  for (let j = 0; j < p; j++) {
    let hit = 0;
    for (let i = 0; i < m; i++) {
      let any = (j === gammaIndex && T[i] === 1) || (additive !== null && additive[j * m + i] !== 0);
      terms.forEach((X, k) => {
        const a = cols[k].indexOf(j);
        any ||= a >= 0 && X[a * m + i] !== 0;
      });
      hit += +any;
    }
    sparse += +(2 * hit < m);
  }
  return sparse;
}

describe("WebAssembly kernel of the faithful objective", () => {
  it("is the compilation of its committed source (rebuild with npm run build:wasm)", () => {
    const dir = mkdtempSync(join(tmpdir(), "algoprogress-wasm-"));
    try {
      const out = join(dir, "kernel.wasm");
      execFileSync(
        process.execPath,
        [join(root, "node_modules/assemblyscript/bin/asc.js"), "wasm/faithful-kernel.ts", "--config"].concat([
          "wasm/asconfig.json",
          "--outFile",
          out,
        ]),
        { cwd: root },
      );
      assert.ok(readFileSync(out).equals(readFileSync(join(root, "src/fit/faithful-kernel.wasm"))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("computes fdlibm's exp bit for bit over a million arguments, special values and both pair lanes", () => {
    const special = [0, -0, NaN, Infinity, -Infinity, 709.782712893384, 709.79, 708, 708.0000001, -708];
    special.push(-708.4, -709, -744, -745.1332191019411, -745.14, 1e-300, -1e-300, 2 ** -28, -(2 ** -28));
    special.push(2 ** -29, Math.LN2 / 2, -Math.LN2 / 2, 1.5 * Math.LN2, -1.5 * Math.LN2, 0.34657359027997264);
    const g = mt19937(17);
    const scales = [1e-9, 1e-3, 0.3, 0.5, 1, 3, 30, 300, 700, 740];
    const n = 1_000_001; // odd: the last argument goes through the one-lane tail
    const { k, src, dst } = scratch(n);
    const x = k.f64.subarray(src / 8, src / 8 + n);
    for (let i = 0; i < n; i++) x[i] = scales[i % scales.length] * (2 * g.random() - 1);
    // Each special value in both lanes, next to an ordinary one (the rare-lane fix-up works per lane).
    special.forEach((v, s) => {
      x[4 * s] = v;
      x[4 * s + 3] = v;
    });
    k.fn.expInto(src, dst, n);
    const out = k.f64.subarray(dst / 8, dst / 8 + n);
    let mismatches = 0;
    for (let i = 0; i < n; i++) if (!Object.is(out[i], fdlibmExp(x[i]))) mismatches++;
    assert.equal(mismatches, 0);
  });

  it("sums in NumPy's pairwise order, bit for bit, at every length up to 300 and across block boundaries", () => {
    const g = mt19937(3);
    const lengths = [...Array.from({ length: 301 }, (_, n) => n), 1000, 1024, 2001, 4099];
    const { k, src } = scratch(4099);
    const a = k.f64.subarray(src / 8, src / 8 + 4099);
    for (let i = 0; i < a.length; i++) a[i] = Math.exp(10 * g.normal()) * (g.random() - 0.3);
    for (const n of lengths) assert.ok(Object.is(k.fn.pairwise(src, n), pairwiseSum(a, 0, n)), `n = ${n}`);
  });

  it("sums through an index list as NumPy sums the gathered values, at every length up to 300 and beyond", () => {
    // pairwiseAt(a, idx, n) must equal pairwiseSum of [a[idx[0]], …, a[idx[n − 1]]] bit for bit,
    // including the halving above 128 (a bootstrap of the 231-row sample takes that branch).
    const g = mt19937(4);
    const L = new Layout();
    const src = L.f64(500);
    const idx = L.i32(4099);
    const k = new Region(L.bytes, () => {}).enter();
    const a = k.f64.subarray(src / 8, src / 8 + 500);
    for (let i = 0; i < a.length; i++) a[i] = Math.exp(10 * g.normal()) * (g.random() - 0.3);
    const rows = Int32Array.from({ length: 4099 }, () => g.interval(499));
    new Int32Array(k.fn.memory.buffer).set(rows, idx / 4);
    const gathered = Float64Array.from(rows, (r) => a[r]);
    for (const n of [...Array.from({ length: 301 }, (_, n) => n), 1000, 2001, 4099])
      assert.ok(Object.is(k.fn.pairwiseAt(src, idx, n), pairwiseSum(gathered, 0, n)), `n = ${n}`);
  });

  it("evaluates J and its one-coordinate moves as the row-by-row definition does, for every model", () => {
    const rows = loadEvaluations(join(root, "data/lm_evaluations.csv")).head;
    // Vocabulary imputed for model 19; m = 101 is odd: the kernels' padding row.
    const datasets = [fitDataFromRows(rows), simulate(101, 9, { sigma: 0.2 })].map(imputeVocabulary);
    const g = mt19937(23);
    let listed = 0;
    let additive = 0;
    for (const data of datasets)
      for (const id of [...MODEL_IDS, "7+gammaT", "7+yeardummy2017"]) {
        const d = buildDesign(model(id), data, normalisationOf(data));
        if (d.terms.length > 2) continue;
        if (d.additive) additive++;
        const J = faithfulObjective(d, data.y, 0.0025);
        for (let q = 0; q < 4; q++) {
          const theta = Float64Array.from({ length: d.p }, () => 0.3 * g.normal());
          assert.ok(Object.is(J.value(theta), referenceJ(d, data.y, 0.0025, theta)), `model ${id}, point ${q}`);
          for (let j = 0; j < d.p; j++) {
            const moved = Float64Array.from(theta);
            moved[j] += 1.49e-8 * Math.max(1, Math.abs(theta[j]));
            const want = referenceJ(d, data.y, 0.0025, moved);
            assert.ok(Object.is(J.moved(j, moved[j]), want), `model ${id}, point ${q}, θ_${j} moved`);
          }
        }
        listed += sparseParameters(d);
      }
    assert.ok(additive > 0 && listed > 0, `${additive} models with additive terms, ${listed} with sparse columns`);
  });

  it("computes a resample's repeated rows once and sums every row in order, as the definition does", () => {
    // Bootstrap-style resamples (rows drawn with replacement: about a third repeat an earlier row),
    // a paper-cluster-style one (whole blocks repeated), and one with a single repeat (below the
    // share at which repeats are merged). Every value must be the row-by-row definition's on the
    // resampled design, duplicates included.
    const data = imputeVocabulary(simulate(101, 9, { sigma: 0.2 }));
    const g = mt19937(5);
    const draws = [
      Array.from({ length: 101 }, () => g.interval(100)),
      Array.from({ length: 60 }, () => g.interval(100)),
      Array.from({ length: 120 }, (_, i) => (i % 40) + 10),
      [...Array.from({ length: 101 }, (_, i) => i), 7],
    ];
    for (const id of ["7", "7+gammaT", "13", "17", "16"])
      for (const [q, idx] of draws.entries()) {
        const full = buildDesign(model(id), data, normalisationOf(data));
        if (full.terms.length > 2) continue;
        const d = subsetDesign(full, idx);
        const y = idx.map((i) => data.y[i]);
        const J = faithfulObjective(d, y, 0.0025);
        const theta = Float64Array.from({ length: d.p }, () => 0.3 * g.normal());
        assert.ok(Object.is(J.value(theta), referenceJ(d, y, 0.0025, theta)), `model ${id}, draw ${q}`);
        for (let j = 0; j < d.p; j++) {
          const moved = Float64Array.from(theta);
          moved[j] += 1.49e-8 * Math.max(1, Math.abs(theta[j]));
          assert.ok(Object.is(J.moved(j, moved[j]), referenceJ(d, y, 0.0025, moved)), `model ${id}, draw ${q}, θ_${j}`);
        }
      }
  });

  it("keeps objectives used in turn apart: interleaved calls give what each gives alone", () => {
    const a = simulate(150, 1, { sigma: 0.2 });
    const b = simulate(77, 2, { sigma: 0.3 });
    const da = buildDesign(model("7"), a, normalisationOf(a));
    const db = buildDesign(model("7+gammaT"), b, normalisationOf(b));
    const g = mt19937(8);
    const points = Array.from({ length: 6 }, () => Float64Array.from({ length: 11 }, () => 0.3 * g.normal()));
    const alone = (d: Design, y: ArrayLike<number>) => {
      const J = faithfulObjective(d, y, 0.0025);
      return points.flatMap((t) => [J.value(t.subarray(0, d.p)), J.moved(1, t[1] + 1e-8)]);
    };
    const wantA = alone(da, a.y);
    const wantB = alone(db, b.y);
    const Ja = faithfulObjective(da, a.y, 0.0025);
    const Jb = faithfulObjective(db, b.y, 0.0025);
    const got: number[][] = [[], []];
    points.forEach((t) => {
      got[0].push(Ja.value(t.subarray(0, da.p)));
      got[1].push(Jb.value(t.subarray(0, db.p)));
      // Each move is taken from its own objective's last point, after the other evaluated elsewhere.
      got[0].push(Ja.moved(1, t[1] + 1e-8));
      got[1].push(Jb.moved(1, t[1] + 1e-8));
    });
    assert.deepEqual(got, [wantA, wantB]);
  });

  it("finds SLSQP's search direction as HFTI does column by column, bit for bit, workspace included", () => {
    // Random LDLᵀ factors with n from 1 to 20; some with zero off-diagonals (so columns whose sums
    // are ±0, and −0 entries), −0 gradient entries, or a tiny pivot (rank-deficient).
    const g = mt19937(29);
    const MAX = 20;
    const L = new Layout();
    const at = { L: L.f64((MAX * (MAX + 1)) / 2), g: L.f64(MAX), s: L.f64(MAX), E: L.f64(MAX * MAX), h: L.f64(MAX) };
    const ip = L.i32(MAX);
    const k = new Region(L.bytes, () => {}).enter();
    let rankDeficient = 0;
    for (let trial = 0; trial < 4000; trial++) {
      const n = 1 + (trial % MAX);
      const Lv = new Float64Array((n * (n + 1)) / 2);
      for (let j = 0, q = 0; j < n; j++)
        for (let i = j; i < n; i++, q++)
          Lv[q] =
            i === j
              ? trial % 7 === 0 && j === n >> 1
                ? 1e-20
                : 0.05 + 10 * g.random()
              : trial % 5 === 0
                ? (g.random() - 0.5) * 0
                : g.random() - 0.5;
      const gv = Float64Array.from({ length: n }, (_, i) =>
        trial % 3 === 0 && i % 2 ? -0 : (g.random() - 0.5) * 10 ** (4 * g.random() - 2),
      );
      k.f64.set(Lv, at.L / 8);
      k.f64.set(gv, at.g / 8);
      const ok = k.fn.direction(n, at.L, at.g, at.s, at.E, at.h, ip) === 1;
      const ref = directionReference(n, Lv, gv);
      assert.equal(ok, ref.ok, `trial ${trial}`);
      if (!ok) rankDeficient++;
      const s = k.f64.subarray(at.s / 8, at.s / 8 + n);
      const E = k.f64.subarray(at.E / 8, at.E / 8 + n * n);
      for (let i = 0; i < n; i++) assert.ok(Object.is(s[i], ref.s[i]), `trial ${trial}: s[${i}] ${s[i]} ≠ ${ref.s[i]}`);
      for (let i = 0; i < n * n; i++)
        assert.ok(Object.is(E[i], ref.E[i]), `trial ${trial}: E[${i}] ${E[i]} ≠ ${ref.E[i]}`);
    }
    assert.ok(rankDeficient > 0, "some problems are rank-deficient");
  });

  it("returns +∞, not NaN, where the objective overflows or θ is not a number", () => {
    const data = simulate(40, 4, { sigma: 0.2 });
    const d = buildDesign(model("7"), data, normalisationOf(data));
    const J = faithfulObjective(d, data.y, 0.0025);
    assert.equal(J.value(new Float64Array(d.p).fill(1e3)), Infinity);
    assert.equal(J.value(new Float64Array(d.p).fill(NaN)), Infinity);
    const theta = new Float64Array(d.p);
    assert.ok(Number.isFinite(J.value(theta)));
    assert.equal(J.moved(0, 1e6), Infinity);
  });
});
