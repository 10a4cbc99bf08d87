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
 * The WebAssembly kernels, one module: the faithful objective and SciPy's SLSQP (wasm/faithful-kernel.ts,
 * wasm/slsqp.ts), the multi-start estimators' least-squares evaluations (wasm/least-squares.ts) and
 * their Newton subproblem (wasm/orthant-newton.ts), and the saturating law's objective
 * (wasm/saturating.ts); each file says why it runs in WebAssembly
 * (docs/method.md §3.3–3.4). Pointers are byte offsets into the kernel's memory.
 */
export interface FaithfulKernel {
  memory: WasmMemory;
  /** e^x for n doubles from src into dst, bit for bit fdlibm's (tests and benchmarks). */
  expInto(src: number, dst: number, n: number): void;
  termValue(
    X: number,
    P: number,
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
    coef: number,
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
  /** The faithful objective J at the p doubles at x, its descriptor at d (src/fit/faithful.ts). */
  objectiveValue(d: number, x: number): number;
  /** J with coordinate j moved to xj from the last `objectiveValue` point. */
  objectiveMoved(d: number, j: number, xj: number): number;
  /**
   * SLSQP (src/fit/slsqp.ts) from the point at `WORKSPACE.x`, on the faithful objective at d or
   * (d = 0) on `objectiveCallbacks`; returns SciPy's exit mode, the counts at `WORKSPACE.out`.
   */
  slsqp(n: number, d: number, hasMoved: boolean, acc: number, maxIter: number, h: number, ws: number): number;
  /**
   * SLSQP's search direction s = −(LDLᵀ)⁻¹g by HFTI (n parameters; L packed, E n×n, h n doubles and
   * ip n i32 of workspace); 1, or 0 when rank-deficient. For tests: `slsqp` calls it inside the kernel.
   */
  direction(n: number, L: number, g: number, s: number, E: number, h: number, ip: number): number;
  /** SciPy's forward-difference coordinate x_j + h (src/fit/slsqp.ts `forwardStep`). */
  forwardStep(xj: number, h: number): number;
  /** The forward pass of the design whose descriptor is at d, at its θ (src/fit/evaluate.ts). */
  lsForward(d: number): void;
  /** Its MSE at θ, with σ(γ_T) = sg. */
  lsValue(d: number, sg: number): number;
  /** Its MSE and gradient. */
  lsGradient(d: number, sg: number): number;
  /** Its MSE, gradient and Hessian (or Gauss–Newton matrix). */
  lsGradHess(d: number, sg: number, gaussNewton: boolean): number;
  /** The gradient of εᵀR⁻¹ε/(2σ²), u = R⁻¹ε at the descriptor's u (src/fit/evaluate.ts `quadraticFormGradient`). */
  lsQuadraticGradient(d: number, sigma2: number): void;
  /**
   * The proximal Newton subproblem (src/fit/newton-l1.ts) for k parameters from the arrays of the
   * table t (`NEWTON_WORKSPACE`), to `tol` in at most maxIter iterations; 1 when converged.
   */
  orthantSubproblem(t: number, k: number, tol: number, maxIter: number): number;
  /**
   * The saturating law's sum of squared residuals over m rows of the columns lc, tau, y, its
   * gradient in (e, a, u, g) written to the four doubles at grad (src/extensions/saturating.ts);
   * z and ez are scratch for m doubles each.
   */
  saturatingLoss(
    lc: number,
    tau: number,
    y: number,
    z: number,
    ez: number,
    grad: number,
    m: number,
    s: number,
    ymin: number,
    a: number,
    alpha: number,
    g: number,
    withAlpha: boolean,
    withTime: boolean,
  ): number;
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

/**
 * The JavaScript objective that the kernel's `slsqp` is minimising when it has no descriptor: f at
 * the doubles at byte offset x, and f with coordinate j moved to xj. Set by src/fit/slsqp.ts.
 */
export const objectiveCallbacks = {
  value: (x: number): number => (void x, NaN),
  moved: (j: number, xj: number): number => (void j, void xj, NaN),
};

/** Compiled once per thread (each worker thread loads its own), on first use. */
let kernel: Kernel | null = null;

/** This thread's kernel instance. Its memory grows to the largest region entered and is reused. */
export function faithfulKernel(): Kernel {
  if (kernel) return kernel;
  const module = new wasm.Module(readFileSync(new URL("./faithful-kernel.wasm", import.meta.url)));
  const imports = {
    "faithful-kernel": { scalarExp: fdlibmExp },
    slsqp: {
      jsValue: (x: number) => objectiveCallbacks.value(x),
      jsMoved: (j: number, xj: number) => objectiveCallbacks.moved(j, xj),
    },
  };
  const fn = new wasm.Instance(module, imports).exports as unknown as FaithfulKernel;
  kernel = { fn, f64: new Float64Array(fn.memory.buffer) };
  return kernel;
}

/** Bytes per wasm page. */
const PAGE = 65536;
/** SIMD alignment of every array in a region. */
const ALIGN = 16;
/** The most parameters the kernel's SLSQP takes (the model family has at most 20). */
export const SLSQP_MAX_PARAMS = 64;

/**
 * Byte offsets of arrays assigned in order from `bytes` (a region's from `REGION_BASE`), each
 * aligned for 16-byte loads; `bytes` is then the end.
 */
export class Layout {
  constructor(public bytes: number = REGION_BASE) {}
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

/**
 * Byte offsets of SLSQP's workspace (wasm/slsqp.ts) for up to `SLSQP_MAX_PARAMS` parameters: packed
 * factors L, gradient g, direction s, the direction's matrix E, column norms h and pivots ip, the
 * point x, then x0, u, v, w, xh, the results `out` (f, then nit, nfev, njev as i32), and `table`,
 * these offsets in that order (i32) as the kernel reads them. It sits below the regions (offset 0
 * stays free: a pointer 0 means "none").
 */
export const WORKSPACE = (() => {
  const L = new Layout(16);
  const n = SLSQP_MAX_PARAMS;
  const [packed, g, s, E, h] = [(n * (n + 1)) / 2, n, n, n * n, n].map((doubles) => L.f64(doubles));
  const ip = L.i32(n);
  const [x, x0, u, v, w, xh] = [0, 0, 0, 0, 0, 0].map(() => L.f64(n));
  const out = L.i32(2 + 3); // f (two words), then nit, nfev, njev
  const order = [packed, g, s, E, h, ip, x, x0, u, v, w, xh, out];
  const table = L.i32(order.length);
  return { x, out, table, order, end: L.bytes };
})();
/**
 * Byte offsets of the proximal Newton subproblem's workspace (wasm/orthant-newton.ts, `O_*`) for up
 * to `SLSQP_MAX_PARAMS` parameters, after SLSQP's: the outer iterate c, its gradient gc, the
 * model's matrix M, the weights w, the iterate and result x, then the method's work arrays, and
 * `table`, these offsets in that order (i32) as the kernel reads them.
 */
export const NEWTON_WORKSPACE = (() => {
  const L = new Layout(WORKSPACE.end);
  const n = SLSQP_MAX_PARAMS;
  const vec = () => L.f64(n);
  const mat = () => L.f64(n * n);
  const [c, gc, M, w, x, next, g, H, pg, d, A, Lf, b] = [
    vec,
    vec,
    mat,
    vec,
    vec,
    vec,
    vec,
    mat,
    vec,
    vec,
    mat,
    mat,
    vec,
  ].map((f) => f());
  const free = L.i32(n);
  const [gNew, HNew, pgNew, s] = [vec, mat, vec, vec].map((f) => f());
  const order = [c, gc, M, w, x, next, g, H, pg, d, A, Lf, b, free, gNew, HNew, pgNew, s];
  const table = L.i32(order.length);
  return { c, gc, M, w, x, table, order, end: L.bytes };
})();
/** Where regions start: after the workspaces. */
export const REGION_BASE = NEWTON_WORKSPACE.end;

/** This thread's kernel with memory for the workspaces (their tables written) and a current view of it. */
export function workspaceKernel(): Kernel {
  const k = withMemory(REGION_BASE);
  const i32 = new Int32Array(k.fn.memory.buffer);
  i32.set(WORKSPACE.order, WORKSPACE.table / 4);
  i32.set(NEWTON_WORKSPACE.order, NEWTON_WORKSPACE.table / 4);
  return k;
}

/** This thread's kernel with at least `bytes` of memory, its view current (growing detaches the old one). */
function withMemory(bytes: number): Kernel {
  const k = kernel ?? faithfulKernel();
  const { memory } = k.fn;
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
  if (k.f64.buffer !== memory.buffer) k.f64 = new Float64Array(memory.buffer);
  return k;
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
