import { type Design, subsetDesign } from "./design.js";
import type { SlsqpObjective } from "./slsqp.js";
import { type Kernel, Layout, Region } from "./wasm-kernel.js";
import { gather } from "../util/gather.js";

/**
 * The stated objective J(θ) = (1/m)Σw_i(y_i − ŷ_i)² + δΣ|θ_j| (docs/method.md §3.1) evaluated
 * operation for operation as the authors' NumPy code evaluates it: each exponent summed over its
 * features in design order, exp per term, terms added in order, `np.mean` of the squared
 * residuals and δ·`np.sum(np.abs(θ))`, both in NumPy's pairwise order (`pairwiseSum`). So its
 * forward differences round as SciPy's do, and SLSQP on it follows SciPy's path (bit for bit
 * where NumPy's exp agrees with V8's, test/fit/slsqp-scipy.test.ts). The row loops run in
 * WebAssembly, two rows per SIMD instruction with the same IEEE operations (wasm/faithful-kernel.ts),
 * in a region of the thread's kernel memory (`Region`).
 *
 * `moved(j, θ_j')` gives J with one coordinate moved from the last point `value` saw: only the
 * rows whose features for θ_j are non-zero are recomputed (for a benchmark or transformer
 * coefficient, a fraction of the rows; for γ_T, the transformer rows and no exp), which returns
 * the same double as `value` would, since unchanged rows reproduce their terms bit for bit.
 * Likewise a row that repeats an earlier one (as in a bootstrap resample) is computed once, and its
 * squared residual summed in each of its places.
 * Non-finite values are returned as +∞, which SLSQP's line search treats as a failed step.
 * `rowOf`, when given, says which rows repeat: J is taken over its m = rowOf.length rows in order,
 * row q being the design's row rowOf[q] (a resample's distinct rows and `distinctRows`' map, or
 * a fold's training rows in the whole design, whose rows not named are computed and not summed);
 * the rows are then not compared by content.
 *
 * @example
 * const J = faithfulObjective(design, data.y, 0.0025);
 * J.value(new Float64Array(design.p)); // J at θ = 0
 */
export function faithfulObjective(
  full: Design,
  yFull: ArrayLike<number>,
  delta: number,
  rowOf?: Int32Array,
): Required<SlsqpObjective> {
  if (rowOf) return regionObjective(kernelLayout(full, yFull, delta, rowOf.length), rowOf);
  // Rows that repeat an earlier row bit for bit (a bootstrap resample repeats about a third of its
  // rows) give the same doubles: each distinct row is computed once, and its squared residual is
  // read into every place it holds in the row order, so the sum is taken over the same m values
  // in the same order.
  const repeats = repeatedRows(full, yFull);
  if (!repeats) return regionObjective(kernelLayout(full, yFull, delta, 0), null);
  const design = subsetDesign(full, repeats.distinct);
  const y = gather(yFull, repeats.distinct);
  return regionObjective(kernelLayout(design, y, delta, full.m), repeats.rowOf);
}

/**
 * `faithfulObjective(full, yFull, delta, rowOf)` for many `rowOf` in turn (the training rows of
 * each cross-validation fold): what depends on the design alone (the touched rows, the layout of
 * kernel memory) is computed once, and each objective writes only the design and its rows into
 * the kernel when it is entered. Row lists longer than the design's rows get a layout of their own.
 *
 * @example
 * const objectiveOn = faithfulRowObjectives(design, data.y, 0.0025);
 * objectiveOn(Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)).value(new Float64Array(design.p)); // J over rows 1–11
 */
export function faithfulRowObjectives(
  full: Design,
  yFull: ArrayLike<number>,
  delta: number,
): (rowOf: Int32Array) => Required<SlsqpObjective> {
  const layout = kernelLayout(full, yFull, delta, full.m);
  return (rowOf) =>
    regionObjective(rowOf.length > full.m ? kernelLayout(full, yFull, delta, rowOf.length) : layout, rowOf);
}

/**
 * The objective on a layout's design, over the m = rowOf.length rows rowOf names in order (all the
 * design's rows when null), in a region of its own in the thread's kernel memory.
 */
function regionObjective(layout: KernelLayout, rowOf: Int32Array | null): Required<SlsqpObjective> {
  const { at } = layout;
  // The kernel reads rowOf's entries as rows of the design without bounds checks.
  if (rowOf)
    for (let q = 0; q < rowOf.length; q++)
      if (!(rowOf[q] >= 0 && rowOf[q] < layout.m))
        throw new RangeError(`faithfulObjective: rowOf[${q}] is ${rowOf[q]}, not a row of the design's ${layout.m}`);
  const theta = new Float64Array(layout.p);
  /** Whether `value` has run: the state in kernel memory is then the one at `theta`. */
  let valued = false;
  const region = new Region(layout.bytes, (k, i32) => {
    layout.write(k, i32, rowOf);
    k.f64.set(theta, at.theta / 8);
    if (valued) k.fn.objectiveValue(at.desc, at.theta);
  });

  return {
    value(th) {
      const { fn, f64 } = region.enter();
      theta.set(th);
      f64.set(th, at.theta / 8);
      valued = true;
      return fn.objectiveValue(at.desc, at.theta);
    },
    moved(j, xj) {
      return region.enter().fn.objectiveMoved(at.desc, j, xj);
    },
    inKernel(run) {
      region.enter();
      try {
        return run(at.desc);
      } finally {
        // The kernel's last `objectiveValue` point is the state to restore when this region returns.
        const f64 = region.enter().f64;
        theta.set(f64.subarray(at.theta / 8, at.theta / 8 + theta.length));
        valued = true;
      }
    },
  };
}

/**
 * The rows `moved(j, ·)` recomputes: those where any of θ_j's columns is non-zero (exponential,
 * additive, or T = 1 for γ_T), or null (all rows) when they are at least `DENSE_SHARE` of them.
 */
function touchedRows(design: Design): (Int32Array | null)[] {
  const { m, p, terms, cols, T, gammaIndex, additive, addCols } = design;
  // hit[j·m + i] = 1 when row i has a non-zero feature of θ_j: one pass over each stored column.
  const hit = new Uint8Array(p * m);
  for (let k = 0; k < terms.length; k++) {
    const X = terms[k];
    const c = cols[k];
    for (let a = 0; a < c.length; a++) {
      const o = a * m;
      const h = c[a] * m;
      for (let i = 0; i < m; i++) if (X[o + i] !== 0) hit[h + i] = 1;
    }
  }
  for (let q = 0; q < addCols.length; q++) {
    const o = addCols[q] * m;
    for (let i = 0; i < m; i++) if (additive![o + i] !== 0) hit[o + i] = 1;
  }
  if (gammaIndex >= 0) for (let i = 0; i < m; i++) if (T[i] === 1) hit[gammaIndex * m + i] = 1;
  const out: (Int32Array | null)[] = new Array(p);
  for (let j = 0; j < p; j++) {
    const h = j * m;
    let count = 0;
    for (let i = 0; i < m; i++) count += hit[h + i];
    if (count >= DENSE_SHARE * m) {
      out[j] = null;
      continue;
    }
    const rows = new Int32Array(count);
    for (let i = 0, q = 0; i < m; i++) if (hit[h + i]) rows[q++] = i;
    out[j] = rows;
  }
  return out;
}

/**
 * Where the objective's arrays go in kernel memory (byte offsets), and `write`, which puts the
 * design's there with the rows in order a region uses (`regionObjective`). Columns have
 * an even stride mp whose padding row repeats row m − 1, so the kernels work in whole pairs of rows.
 * Per term: its parameters' indices `cols`, features X, the partial sums P of its exponent and its
 * coefficients `coef` that `objectiveValue` records, its exps `ex` at the last evaluated point and
 * `moved`'s.
 * Then θ and |θ|, the additive columns A of the parameters `addIdx`, y, weights w, transformer
 * indicator T, the squared residuals `sq` at the last point and `moved`'s `scratch`, for each
 * parameter the rows it touches (`touchedRows`; offset 0 when it touches all), their counts, and
 * its column in each term (−1 if none), and room for `rowsCapacity` rows in order (`rowOf`: the
 * design row of each, as `faithfulObjective` takes it; none when 0). The descriptor `desc` lists these
 * offsets and sizes in the order wasm/faithful-kernel.ts reads them (`DESC_*`), with δ as a double.
 */
function kernelLayout(design: Design, y: ArrayLike<number>, delta: number, rowsCapacity: number) {
  const { m, p, terms, cols, T, weight, additive, addCols } = design;
  if (terms.length > 2)
    throw new Error(`faithfulObjective: ${terms.length} exponential terms (the model family has at most 2)`);
  const mp = m + (m % 2);
  const touched = touchedRows(design);
  const L = new Layout();
  const desc = L.i32(DESCRIPTOR_BYTES / 4);
  const theta = L.f64(p);
  const abs = L.f64(p);
  const term = terms.map((_, k) => {
    const nc = cols[k].length;
    return {
      X: L.f64(nc * mp),
      P: L.f64(nc * mp),
      cols: L.i32(nc),
      nc,
      coef: L.f64(2 * nc),
      ex: L.f64(mp),
      moved: L.f64(mp),
    };
  });
  const at = {
    desc,
    theta,
    addIdx: L.i32(addCols.length),
    A: L.f64(addCols.length * mp),
    y: L.f64(mp),
    w: L.f64(mp),
    T: L.f64(mp),
    sq: L.f64(mp),
    scratch: L.f64(mp),
    E: L.f64(mp),
    rows: touched.map((r) => (r ? L.i32(r.length) : 0)),
    rowsTable: L.i32(p),
    counts: L.i32(p),
    slots: L.i32(2 * p),
    rowOf: rowsCapacity > 0 ? L.i32(rowsCapacity) : 0,
  };
  const descriptor = descriptorWords(design, m, mp, theta, abs, at, term);
  /** Per parameter and term (index 2j + k): θ_j's column in term k, −1 when the term does not use it. */
  const slots = Int32Array.from({ length: 2 * p }, (_, i) => cols[i % 2]?.indexOf(i >> 1) ?? -1);
  /** Column `src` (m values from `from`) at byte offset `to`, padded to mp. */
  const column = (f64: Float64Array, to: number, src: ArrayLike<number>, from = 0) => {
    if (src instanceof Float64Array) f64.set(src.subarray(from, from + m), to / 8);
    else for (let i = 0; i < m; i++) f64[to / 8 + i] = src[from + i];
    if (mp > m) f64[to / 8 + m] = src[from + m - 1];
  };
  /** The design's arrays and the rows in order (`rowOf`, or all m rows) into kernel memory. */
  const write = (k: Kernel, i32: Int32Array, rowOf: Int32Array | null) => {
    if (rowOf && rowOf.length > rowsCapacity)
      throw new RangeError(`kernelLayout: ${rowOf.length} rows in order, room for ${rowsCapacity}`);
    const f64 = k.f64;
    i32.set(descriptor, desc / 4);
    i32[desc / 4 + DESCRIPTOR_M] = rowOf ? rowOf.length : m;
    i32[desc / 4 + DESCRIPTOR_ROW_OF] = rowOf ? at.rowOf : 0;
    f64[(desc + DESCRIPTOR_DELTA) / 8] = delta;
    term.forEach((t, k) => {
      i32.set(cols[k], t.cols / 4);
      for (let a = 0; a < t.nc; a++) column(f64, t.X + 8 * a * mp, terms[k], a * m);
    });
    i32.set(addCols, at.addIdx / 4);
    addCols.forEach((j, a) => column(f64, at.A + 8 * a * mp, additive!, j * m));
    column(f64, at.y, y);
    column(f64, at.w, weight);
    column(f64, at.T, T);
    touched.forEach((r, j) => r && i32.set(r, at.rows[j] / 4));
    i32.set(at.rows, at.rowsTable / 4);
    i32.set(
      touched.map((r) => r?.length ?? mp),
      at.counts / 4,
    );
    i32.set(slots, at.slots / 4);
    if (rowOf) i32.set(rowOf, at.rowOf / 4);
  };
  return { at, m, p, bytes: L.bytes, write };
}

/** A design's arrays laid out in kernel memory (`kernelLayout`). */
type KernelLayout = ReturnType<typeof kernelLayout>;

/**
 * The descriptor's words (`DESC_*` in wasm/faithful-kernel.ts): sizes, then the offsets of the
 * region's arrays, then each term's eight fields.
 */
function descriptorWords(
  design: Design,
  rowsInOrder: number,
  mp: number,
  theta: number,
  abs: number,
  at: Record<
    "A" | "addIdx" | "y" | "w" | "T" | "sq" | "scratch" | "E" | "rowOf" | "rowsTable" | "counts" | "slots",
    number
  >,
  term: { X: number; P: number; cols: number; nc: number; coef: number; ex: number; moved: number }[],
): number[] {
  const { p, terms, addCols, gammaIndex } = design;
  return [
    rowsInOrder,
    mp,
    p,
    terms.length,
    addCols.length,
    gammaIndex,
    theta,
    abs,
    at.A,
    at.addIdx,
    at.y,
    at.w,
    at.T,
    at.sq,
    at.scratch,
    at.E,
    at.rowOf,
    at.rowsTable,
    at.counts,
    at.slots,
    ...term.flatMap((t) => [t.X, t.P, t.cols, t.nc, t.coef, t.ex, t.moved]),
  ];
}

/** Bytes of the descriptor (`DESC_*` in wasm/faithful-kernel.ts): 34 words, then δ at byte 136. */
const DESCRIPTOR_BYTES = 144;
const DESCRIPTOR_DELTA = 136;
/** The words of the rows in order (`DESC_M`) and of their row map's offset (`DESC_ROW_OF`, 0 for none). */
const DESCRIPTOR_M = 0;
const DESCRIPTOR_ROW_OF = 16;

/**
 * The distinct rows of a design with its y (`distinct`, first occurrences in row order) and, for
 * each row, the index among them of the row it equals (`rowOf`): rows are equal when every
 * feature, additive column, weight, transformer flag and y is the same double (+0 and −0 differ;
 * a NaN equals nothing, so its row stays alone). Null when fewer than `MIN_REPEATED_SHARE` of the
 * rows repeat an earlier one. Rows are hashed (FNV-1a over the bits of every compared column: a
 * few columns are constant or repeat across rows, and hashing only those made long probe chains,
 * 113 ms on 100,000 rows against 26) into an open-addressing table and compared column by column
 * on a hash match.
 */
function repeatedRows(design: Design, y: ArrayLike<number>): { distinct: Uint32Array; rowOf: Int32Array } | null {
  const { m, terms, additive, addCols, weight, T } = design;
  const columns: ArrayLike<number>[] = [y, weight, T];
  for (const X of terms) for (let a = 0; a < X.length / m; a++) columns.push(X.subarray(a * m, (a + 1) * m));
  for (const j of addCols) columns.push(additive!.subarray(j * m, (j + 1) * m));
  const same = (a: number, b: number) => {
    for (let q = 0; q < columns.length; q++) {
      const c = columns[q];
      if (!(c[a] === c[b] && (c[a] !== 0 || 1 / c[a] === 1 / c[b]))) return false;
    }
    return true;
  };
  const size = 2 ** Math.ceil(Math.log2(2 * m + 1));
  const table = new Int32Array(size).fill(-1);
  const rowOf = new Int32Array(m);
  const firsts = new Uint32Array(m);
  const hashes = new Int32Array(m);
  let count = 0;
  for (let i = 0; i < m; i++) {
    let h = FNV_OFFSET;
    for (let q = 0; q < columns.length; q++) {
      BITS_F64[0] = columns[q][i];
      h = Math.imul(Math.imul(h ^ BITS_I32[0], FNV_PRIME) ^ BITS_I32[1], FNV_PRIME);
    }
    let slot = h & (size - 1);
    for (;;) {
      const u = table[slot];
      if (u < 0) {
        table[slot] = rowOf[i] = count;
        firsts[count] = i;
        hashes[count++] = h;
        break;
      }
      if (hashes[u] === h && same(firsts[u], i)) {
        rowOf[i] = u;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  const distinct = firsts.subarray(0, count);
  if (m - distinct.length < MIN_REPEATED_SHARE * m) return null;
  return { distinct, rowOf };
}

/**
 * Rows `rows` (indices below n, repeats allowed, in order; a bootstrap resample) as their distinct
 * indices (`distinct`, first occurrences in order) and, for each of them, the index among those of
 * the row it names (`rowOf`): what `faithfulObjective` takes to compute each repeated row once.
 * Null when fewer than `MIN_REPEATED_SHARE` of them repeat (then the rows are best used as they are).
 *
 * @example
 * distinctRows(Uint32Array.of(4, 1, 4, 4, 0, 1, 2, 2), 5);
 * // → { distinct: [4, 1, 0, 2], rowOf: [0, 1, 0, 0, 2, 1, 3, 3] }
 */
export function distinctRows(rows: ArrayLike<number>, n: number): { distinct: Uint32Array; rowOf: Int32Array } | null {
  const slot = new Int32Array(n).fill(-1);
  const rowOf = new Int32Array(rows.length);
  const distinct = new Uint32Array(rows.length);
  let count = 0;
  for (let q = 0; q < rows.length; q++) {
    const i = rows[q];
    if (!(i >= 0 && i < n && Number.isInteger(i)))
      throw new RangeError(`distinctRows: row ${q} is ${i}, not a row of ${n}`);
    if (slot[i] < 0) {
      slot[i] = count;
      distinct[count++] = i;
    }
    rowOf[q] = slot[i];
  }
  if (rows.length - count < MIN_REPEATED_SHARE * rows.length) return null;
  return { distinct: distinct.subarray(0, count), rowOf };
}

/** A double and its two 32-bit words, for hashing. */
const BITS_F64 = new Float64Array(1);
const BITS_I32 = new Int32Array(BITS_F64.buffer);
/** FNV-1a's 32-bit offset basis and prime. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/**
 * Share of repeated rows below which `faithfulObjective` computes every row: reading each row's
 * square back into row order costs about as much as computing a few rows.
 */
const MIN_REPEATED_SHARE = 1 / 16;

/**
 * Share of the rows above which `moved` recomputes all rows rather than the listed ones: loading two
 * listed rows costs more than two adjacent ones, and an untouched row recomputed gives its old exps
 * and square (its moved product is ±0, which at most flips the sign of a zero exponent, and e^±0 = 1).
 */
const DENSE_SHARE = 0.5;
