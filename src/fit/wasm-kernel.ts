import { readFileSync } from "node:fs";
import { fdlibmExp } from "../numeric/exp.js";

/**
 * The part of Node's global WebAssembly API used here (lib.dom declares it; this project compiles
 * without DOM types).
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: object };
  };
};

/**
 * The faithful objective's WebAssembly kernels (source: wasm/faithful-kernel.ts; why WebAssembly:
 * see there and docs/method.md §3.3). Pointers are byte offsets into the kernel's memory.
 */
export interface FaithfulKernel {
  memory: WasmMemory;
  /** e^x for n doubles from src into dst, bit for bit fdlibm's (tests and benchmarks). */
  expInto(src: number, dst: number, n: number): void;
  termValue(
    X: number,
    P: number,
    Q: number,
    cols: number,
    nc: number,
    theta: number,
    coef: number,
    E: number,
    out: number,
    mp: number,
  ): void;
  termMoved(
    X: number,
    P: number,
    Q: number,
    nc: number,
    from: number,
    xj: number,
    rows: number,
    count: number,
    E: number,
    out: number,
    mp: number,
  ): void;
  squares(
    s0: number,
    s1: number,
    A: number,
    addIdx: number,
    nAdd: number,
    theta: number,
    y: number,
    w: number,
    T: number,
    gamma: boolean,
    sg: number,
    rows: number,
    count: number,
    out: number,
    mp: number,
  ): void;
  /** SLSQP's search direction (slsqp-linalg.ts `direction`) on the workspace `LINALG`. */
  direction(n: number, L: number, g: number, s: number, E: number, h: number, ip: number): boolean;
  /** Σ of n doubles at a in NumPy's pairwise order (as `pairwiseSum`). */
  pairwise(a: number, n: number): number;
  /** Σ of a[idx[0]], …, a[idx[n − 1]] (n i32 indices at idx) in NumPy's pairwise order. */
  pairwiseAt(a: number, idx: number, n: number): number;
}

/** The kernels and a view of their memory, current as of the last `Region.enter`. */
export interface Kernel {
  fn: FaithfulKernel;
  f64: Float64Array;
}

/** Compiled once per thread (each worker thread loads its own), on first use. */
let kernel: Kernel | null = null;

/** This thread's kernel instance. Its memory grows to the largest region entered and is reused. */
export function faithfulKernel(): Kernel {
  if (kernel) return kernel;
  const module = new wasm.Module(readFileSync(new URL("./faithful-kernel.wasm", import.meta.url)));
  const fn = new wasm.Instance(module, { "faithful-kernel": { scalarExp: fdlibmExp } })
    .exports as unknown as FaithfulKernel;
  kernel = { fn, f64: new Float64Array(fn.memory.buffer) };
  return kernel;
}

/** Bytes per wasm page. */
const PAGE = 65536;
/** SIMD alignment of every array in a region. */
const ALIGN = 16;
/** The most parameters SLSQP's direction kernel takes (the model family has at most 20). */
export const LINALG_MAX = 64;

/**
 * Byte offsets of SLSQP's direction workspace (`direction` in wasm/faithful-kernel.ts): packed
 * factors L, gradient g, direction s, the matrix E, column norms h, pivots ip, for up to
 * `LINALG_MAX` parameters. It sits below the regions (offset 0 stays free: a pointer 0 means "none").
 */
export const LINALG = (() => {
  let at = 16;
  const take = (bytes: number) => ((at = Math.ceil((at + bytes) / ALIGN) * ALIGN), at - bytes);
  const n = LINALG_MAX;
  const L = take(8 * ((n * (n + 1)) / 2));
  const g = take(8 * n);
  const s = take(8 * n);
  const E = take(8 * n * n);
  const h = take(8 * n);
  const ip = take(4 * n);
  return { L, g, s, E, h, ip, end: Math.ceil(at / ALIGN) * ALIGN };
})();
/** Where regions start: after the direction workspace. */
export const REGION_BASE = LINALG.end;

/** This thread's kernel with memory for the direction workspace and a current view of it. */
export function linalgKernel(): Kernel {
  return withMemory(REGION_BASE);
}

/** This thread's kernel with at least `bytes` of memory, its view current (growing detaches the old one). */
function withMemory(bytes: number): Kernel {
  const k = kernel ?? faithfulKernel();
  const { memory } = k.fn;
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
  if (k.f64.buffer !== memory.buffer) k.f64 = new Float64Array(memory.buffer);
  return k;
}

/**
 * Byte offsets of the arrays of one region, assigned in order from `REGION_BASE`, each aligned
 * for 16-byte loads.
 */
export class Layout {
  bytes = REGION_BASE;
  /** Offset of n doubles. */
  f64(n: number): number {
    return this.take(8 * n);
  }
  /** Offset of n 32-bit integers. */
  i32(n: number): number {
    return this.take(4 * n);
  }
  private take(size: number): number {
    const at = this.bytes;
    this.bytes = Math.ceil((at + size) / ALIGN) * ALIGN;
    return at;
  }
}

/** The id of the region whose contents are in the kernel's memory now (0: none yet). */
let occupant = 0;
/** The id of the last region created. */
let lastId = 0;

/**
 * One objective's arrays in the kernel's memory. Objectives are created per fit, and the thread's
 * one memory holds the arrays of the one in use: `enter` makes them this region's, writing them
 * (`init`: the data, and the state of the last evaluation recomputed, which gives the same doubles)
 * when another region was there. Fits in sequence therefore copy nothing back, interleaved
 * objectives stay correct, and memory is the largest region's size, not one per objective: no
 * objective holds memory after its fit.
 */
export class Region {
  private readonly id = ++lastId;

  constructor(
    private readonly bytes: number,
    private readonly init: (k: Kernel, i32: Int32Array) => void,
  ) {}

  enter(): Kernel {
    if (occupant === this.id) return kernel!;
    const k = withMemory(this.bytes);
    occupant = this.id;
    this.init(k, new Int32Array(k.fn.memory.buffer));
    return k;
  }
}
