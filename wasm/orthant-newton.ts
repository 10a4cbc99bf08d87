/**
 * The subproblem of the proximal Newton method (src/fit/newton-l1.ts, docs/method.md §3.4): the
 * orthant-wise Newton method on q(x) + Σ w_j|x_j|, where q is the local quadratic model
 * q(x) = gᵀs + ½sᵀMs, s = x − c, around the outer iterate c. src/fit/newton-l1.ts documents the
 * method (the JavaScript it replaced is test/fit/orthant-newton-reference.ts): the pseudo-gradient
 * in place of the gradient, a coordinate at 0 released only where its pseudo-gradient allows,
 * Newton directions by Cholesky with shifts where M is not positive definite, steps projected so
 * that no penalised coordinate crosses 0, a backtracking Armijo search.
 *
 * Why WebAssembly: a multi-start fit solves a few hundred of these k×k problems (k ≤ 20) per start,
 * and in JavaScript their small loops, closures and result objects cost as much as the model's
 * row loops (wasm/least-squares.ts). Every operation and its order are the JavaScript's, so the
 * same doubles (test/fit/newton-l1.test.ts checks it bit for bit).
 *
 * Arrays are at the byte offsets of a table (i32 words `O_*`, written by src/fit/wasm-kernel.ts).
 */
import { F64, I, M } from "./memory";

const O_C = 0; // the outer iterate c (k)
const O_GC = 1; // the gradient of the smooth part at c (k)
const O_M = 2; // the model's matrix (k×k, row-major)
const O_W = 3; // L1 weights (k)
const O_X = 4; // the iterate, then the result (k)
const O_NEXT = 5;
const O_G = 6;
const O_H = 7;
const O_PG = 8;
const O_D = 9;
const O_A = 10;
const O_L = 11;
const O_B = 12;
const O_FREE = 13; // i32
const O_GNEW = 14;
const O_HNEW = 15;
const O_PGNEW = 16;
const O_S = 17; // x − c

/** Smallest KKT violation that still counts as converged after another stop (`OPTIMALITY_FLOOR`). */
const OPTIMALITY_FLOOR = 1e-7;
/** `newtonDirection`'s outcomes. */
const FAILED = 0;
const OK = 1;
const SHIFTED = 2;

/** Table access (static methods: eslint's and prettier's parsers refuse decorated functions). */
class T {
  @inline static at(t: usize, i: i32): usize {
    return <usize>load<i32>(t + ((<usize>i) << 2));
  }
  /** JavaScript's Math.sign: ±0 and NaN kept, else ±1. */
  @inline static sign(x: f64): f64 {
    return x > 0 ? 1 : x < 0 ? -1 : x;
  }
}

/** Σ w_j|x_j| (`l1`). */
function l1(k: i32, x: usize, w: usize): f64 {
  let s = 0.0;
  for (let j = 0; j < k; j++) s += M.get(w, j) * abs(M.get(x, j));
  return s;
}

/** The model q at x, its gradient into grad and M into hess (0: not asked), as newtonL1's `model`. */
function model(t: usize, k: i32, x: usize, grad: usize, hess: usize): f64 {
  const c = T.at(t, O_C);
  const g = T.at(t, O_GC);
  const Mm = T.at(t, O_M);
  const s = T.at(t, O_S);
  let q = 0.0;
  for (let i = 0; i < k; i++) M.set(s, i, M.get(x, i) - M.get(c, i));
  for (let i = 0; i < k; i++) {
    let Mr = 0.0;
    for (let j = 0; j < k; j++) Mr += M.get(Mm, i * k + j) * M.get(s, j);
    q += M.get(s, i) * (M.get(g, i) + 0.5 * Mr);
    if (grad) M.set(grad, i, M.get(g, i) + Mr);
  }
  if (hess) memory.copy(hess, Mm, (<usize>(k * k)) << F64);
  return q;
}

/** `pseudoGradient`: the minimum-norm subgradient into pg; its ∞-norm. */
function pseudoGradient(k: i32, x: usize, g: usize, w: usize, pg: usize): f64 {
  let norm = 0.0;
  for (let j = 0; j < k; j++) {
    const th = M.get(x, j);
    const gj = M.get(g, j);
    const wj = M.get(w, j);
    let v: f64;
    if (th > 0) v = gj + wj;
    else if (th < 0) v = gj - wj;
    else if (gj + wj < 0) v = gj + wj;
    else if (gj - wj > 0) v = gj - wj;
    else v = 0;
    M.set(pg, j, v);
    norm = max(norm, abs(v));
  }
  return norm;
}

/** `cholesky` of A + μI (n×n) into L; false when not positive definite. */
function cholesky(A: usize, n: i32, mu: f64, L: usize): bool {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = M.get(A, i * n + j) + (i == j ? mu : 0);
      for (let q = 0; q < j; q++) s -= M.get(L, i * n + q) * M.get(L, j * n + q);
      if (i == j) {
        if (!(s > 1e-14 * abs(M.get(A, i * n + i) + mu))) return false;
        M.set(L, i * n + i, sqrt(s));
      } else M.set(L, i * n + j, s / M.get(L, j * n + j));
    }
  }
  return true;
}

/** `cholSolve`: L Lᵀ x = b in place. */
function cholSolve(L: usize, n: i32, b: usize): void {
  for (let i = 0; i < n; i++) {
    let s = M.get(b, i);
    for (let q = 0; q < i; q++) s -= M.get(L, i * n + q) * M.get(b, q);
    M.set(b, i, s / M.get(L, i * n + i));
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = M.get(b, i);
    for (let q = i + 1; q < n; q++) s -= M.get(L, q * n + i) * M.get(b, q);
    M.set(b, i, s / M.get(L, i * n + i));
  }
}

/** `newtonDirection` on the n coordinates listed at `free`, for the matrix H (k×k). */
function newtonDirection(t: usize, H: usize, n: i32, k: i32): i32 {
  const pg = T.at(t, O_PG);
  const free = T.at(t, O_FREE);
  const d = T.at(t, O_D);
  const A = T.at(t, O_A);
  const L = T.at(t, O_L);
  const b = T.at(t, O_B);
  memory.fill(d, 0, (<usize>k) << F64);
  if (n == 0) return OK;
  let diag = 0.0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) M.set(A, i * n + j, M.get(H, I.get(free, i) * k + I.get(free, j)));
    diag = max(diag, abs(M.get(A, i * n + i)));
  }
  const definite = cholesky(A, n, 0, L);
  let ok = definite;
  // JavaScript's `diag || 1`: 1 for 0 and NaN.
  for (let mu = 1e-10 * (diag == 0 || isNaN(diag) ? 1 : diag), tries = 0; !ok && tries < 40; tries++, mu *= 10)
    ok = cholesky(A, n, mu, L);
  if (!ok) return FAILED;
  for (let i = 0; i < n; i++) M.set(b, i, -M.get(pg, I.get(free, i)));
  cholSolve(L, n, b);
  for (let i = 0; i < n; i++) M.set(d, I.get(free, i), M.get(b, i));
  return definite ? OK : SHIFTED;
}

/** orthantNewton's `direction`: Newton on the free coordinates, those at 0 released only where allowed. */
function direction(t: usize, x: usize, H: usize, k: i32): i32 {
  const pg = T.at(t, O_PG);
  const w = T.at(t, O_W);
  const d = T.at(t, O_D);
  const free = T.at(t, O_FREE);
  let n = 0;
  for (let j = 0; j < k; j++) if (M.get(x, j) != 0 || M.get(pg, j) != 0 || M.get(w, j) == 0) I.set(free, n++, j);
  let status = FAILED;
  for (let pass = 0; pass <= k; pass++) {
    status = newtonDirection(t, H, n, k);
    if (status == FAILED) break;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const j = I.get(free, i);
      if (!(M.get(x, j) == 0 && M.get(w, j) > 0 && M.get(d, j) * M.get(pg, j) >= 0)) I.set(free, kept++, j);
    }
    if (kept == n) break;
    n = kept;
  }
  return status;
}

/** `orthantNewton`'s projection of x + step·d into x's orthant (penalised coordinates), into next; Σ pg·Δ. */
function project(k: i32, x: usize, d: usize, pg: usize, w: usize, step: f64, next: usize): f64 {
  let dec = 0.0;
  for (let j = 0; j < k; j++) {
    const th = M.get(x, j);
    const orthant = th != 0 ? T.sign(th) : -T.sign(M.get(pg, j));
    const v = th + step * M.get(d, j);
    const nj = M.get(w, j) > 0 && T.sign(v) != orthant ? 0 : v;
    M.set(next, j, nj);
    dec += M.get(pg, j) * (nj - th);
  }
  return dec;
}

/**
 * Minimise q + Σ w|x| from x = c (`orthantNewton` on newtonL1's model with `tol` and `maxIter`),
 * with c, g, M and w at the table t; the result at `O_X`. Returns 1 when converged (KKT violation
 * ≤ max(tol, 1e−7)), else 0.
 */
export function orthantSubproblem(t: usize, k: i32, tol: f64, maxIter: i32): i32 {
  const w = T.at(t, O_W);
  let x = T.at(t, O_X);
  let next = T.at(t, O_NEXT);
  const g = T.at(t, O_G);
  const H = T.at(t, O_H);
  const pg = T.at(t, O_PG);
  const d = T.at(t, O_D);
  const gNew = T.at(t, O_GNEW);
  const HNew = T.at(t, O_HNEW);
  const pgNew = T.at(t, O_PGNEW);
  const bytes = (<usize>k) << F64;
  memory.copy(x, T.at(t, O_C), bytes);
  let fx = model(t, k, x, g, H) + l1(k, x, w);
  if (!isFinite(fx)) return finish(t, x, k, false);
  let opt = pseudoGradient(k, x, g, w, pg);
  let iter = 0;
  let stalls = 0;
  while (iter < maxIter) {
    if (opt <= tol) break;
    iter++;
    let status = direction(t, x, H, k);
    if (status == SHIFTED) {
      // Indefinite: the Gauss–Newton direction (the model has one matrix: M again), else H's.
      model(t, k, x, gNew, HNew);
      const gn = direction(t, x, HNew, k);
      if (gn != FAILED) status = gn;
      else status = direction(t, x, H, k);
    }
    const ok = status != FAILED;
    let slope = 0.0;
    if (ok) for (let j = 0; j < k; j++) slope += M.get(d, j) * M.get(pg, j);
    if (!ok || !(slope < 0)) for (let j = 0; j < k; j++) M.set(d, j, -M.get(pg, j));
    else if (-slope <= 1e-13 * max(1, abs(fx))) {
      // Quadratic regime at the resolution of f: judge the full step by the optimality it reaches.
      project(k, x, d, pg, w, 1, next);
      const fNew = model(t, k, next, gNew, HNew) + l1(k, next, w);
      const optNew = isFinite(fNew) ? pseudoGradient(k, next, gNew, w, pgNew) : Infinity;
      if (!(optNew < opt) || fNew > fx + 1e-12 * max(1, abs(fx))) break;
      const tmp = x;
      x = next;
      next = tmp;
      memory.copy(g, gNew, bytes);
      memory.copy(H, HNew, bytes * k);
      memory.copy(pg, pgNew, bytes);
      fx = min(fx, fNew);
      opt = optNew;
      continue;
    }
    // `orthantLineSearch` from step 1.
    let step = 1.0;
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++, step *= 0.5) {
      const dec = project(k, x, d, pg, w, step, next);
      fNew = model(t, k, next, 0, 0) + l1(k, next, w);
      if (isFinite(fNew) && fNew <= fx + 1e-4 * dec) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    stalls = fx - fNew <= 1e-15 * max(1, abs(fx)) ? stalls + 1 : 0;
    const tmp = x;
    x = next;
    next = tmp;
    model(t, k, x, g, H);
    fx = fNew;
    opt = pseudoGradient(k, x, g, w, pg);
    if (stalls >= 5) break;
  }
  return finish(t, x, k, opt <= max(tol, OPTIMALITY_FLOOR));
}

/** The result x at `O_X` (the iterate may sit in the other buffer after swaps); 1 when converged. */
function finish(t: usize, x: usize, k: i32, converged: bool): i32 {
  const out = T.at(t, O_X);
  if (x != out) memory.copy(out, x, (<usize>k) << F64);
  return converged ? 1 : 0;
}
