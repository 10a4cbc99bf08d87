import assert from "node:assert/strict";
import { it } from "node:test";
import { newtonL1, owlqn, pseudoGradient } from "../../src/fit/optimizer.js";
import { mt19937 } from "../../src/random/mt19937.js";

const zeros = (k: number) => new Float64Array(k);

it("L-BFGS (OWL-QN without penalty) finds the minimum of a quadratic", () => {
  // f = ½(θ − c)ᵀA(θ − c), A = diag(1, 10, 100): minimum at c.
  const c = [1, -2, 3];
  const a = [1, 10, 100];
  const f = (th: Float64Array, g: Float64Array) =>
    th.reduce((s, v, j) => ((g[j] = a[j] * (v - c[j])), s + 0.5 * a[j] * (v - c[j]) ** 2), 0);
  const r = owlqn(f, zeros(3), zeros(3));
  assert.ok(r.converged, r.reason);
  r.theta.forEach((v, j) => assert.ok(Math.abs(v - c[j]) < 1e-9));
});

it("finds the Rosenbrock minimum (1, 1)", () => {
  const f = (th: Float64Array, g: Float64Array) => {
    const [x, y] = th;
    g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
    g[1] = 200 * (y - x * x);
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  };
  const r = owlqn(f, Float64Array.from([-1.2, 1]), zeros(2));
  assert.ok(r.converged, r.reason);
  assert.ok(Math.abs(r.theta[0] - 1) < 1e-8 && Math.abs(r.theta[1] - 1) < 1e-8);
});

it("OWL-QN solves an L1 problem with a known sparse solution, with exact zeros", () => {
  // min ½Σ a_j(θ_j − c_j)² + λΣ|θ_j| has the soft-threshold solution sign(c)·max(|c| − λ/a, 0).
  const c = [3, 0.05, -0.5, -2];
  const a = [1, 2, 1, 4];
  const lambda = 0.6;
  const f = (th: Float64Array, g: Float64Array) =>
    th.reduce((s, v, j) => ((g[j] = a[j] * (v - c[j])), s + 0.5 * a[j] * (v - c[j]) ** 2), 0);
  const r = owlqn(f, zeros(4), new Float64Array(4).fill(lambda));
  const expected = c.map((cj, j) => Math.sign(cj) * Math.max(Math.abs(cj) - lambda / a[j], 0));
  assert.ok(r.converged, r.reason);
  r.theta.forEach((v, j) => assert.ok(Math.abs(v - expected[j]) < 1e-9, `${j}: ${v} vs ${expected[j]}`));
  assert.equal(r.theta[1], 0);
  assert.equal(r.theta[2], 0);
});

// ---- the orthant-wise Newton method (penalized/nls/penalized-slopes) and OWL-QN on a real lasso

/**
 * A lasso min (1/2m)‖y − Xθ‖² + λ‖θ‖₁ with a correlated design whose unique solution θ* is known
 * by construction: pick a sparse θ* and put y = Xθ* + r with Xᵀr/m = λ·sign(θ*) on the support
 * and |Xᵀr/m| < λ off it (r = m·X(XᵀX)⁻¹v), so θ* satisfies the KKT conditions of a strictly
 * convex problem.
 */
function knownLasso() {
  const m = 40;
  const k = 6;
  const g = mt19937(12);
  const X = Array.from({ length: m }, () => {
    const z = g.normal();
    return Array.from({ length: k }, () => 0.6 * z + g.normal()); // correlated columns
  });
  const lambda = 0.3;
  const thetaStar = [1.5, 0, -0.8, 0, 0, 2.2];
  const v = thetaStar.map((t, j) => (t !== 0 ? lambda * Math.sign(t) : [0.5, -0.9, 0.2, 0, 0, 0][j] * lambda));
  // Solve (XᵀX) a = v by Gaussian elimination, then r = m·X a.
  const A = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => X.reduce((s, row) => s + row[i] * row[j], 0)),
  );
  const a = [...v];
  for (let c = 0; c < k; c++) {
    for (let r = c + 1; r < k; r++) {
      const f = A[r][c] / A[c][c];
      for (let j = c; j < k; j++) A[r][j] -= f * A[c][j];
      a[r] -= f * a[c];
    }
  }
  for (let c = k - 1; c >= 0; c--) {
    for (let j = c + 1; j < k; j++) a[c] -= A[c][j] * a[j];
    a[c] /= A[c][c];
  }
  const y = X.map(
    (row) => row.reduce((s, x, j) => s + x * thetaStar[j], 0) + m * row.reduce((s, x, j) => s + x * a[j], 0),
  );
  const f = (th: Float64Array, grad: Float64Array | null, hess: Float64Array | null = null) => {
    let sse = 0;
    grad?.fill(0);
    hess?.fill(0);
    for (let i = 0; i < m; i++) {
      const r = y[i] - X[i].reduce((s, x, j) => s + x * th[j], 0);
      sse += r * r;
      if (grad) for (let j = 0; j < k; j++) grad[j] -= (r * X[i][j]) / m;
      if (hess) for (let j = 0; j < k; j++) for (let l = 0; l < k; l++) hess[j * k + l] += (X[i][j] * X[i][l]) / m;
    }
    return sse / (2 * m);
  };
  return { f, k, lambda, thetaStar };
}

it("orthant-wise Newton and OWL-QN solve a correlated lasso with a known sparse solution, exact zeros included", () => {
  const { f, k, lambda, thetaStar } = knownLasso();
  const w = new Float64Array(k).fill(lambda);
  for (const r of [newtonL1(f, zeros(k), w), owlqn((th, g) => f(th, g), zeros(k), w)]) {
    assert.ok(r.converged, r.reason);
    r.theta.forEach((v, j) => assert.ok(Math.abs(v - thetaStar[j]) < 1e-8, `${j}: ${v} vs ${thetaStar[j]}`));
    for (const j of [1, 3, 4]) assert.equal(r.theta[j], 0, `θ${j} must be exactly 0`);
    assert.ok(r.optimality <= 1e-8);
  }
  // The KKT check itself: the pseudo-gradient vanishes at θ*, not at a perturbed point.
  const g = new Float64Array(k);
  f(Float64Array.from(thetaStar), g);
  assert.ok(pseudoGradient(Float64Array.from(thetaStar), g, w, new Float64Array(k)) < 1e-10);
  const off = Float64Array.from(thetaStar, (v, j) => (j === 1 ? 0.01 : v));
  f(off, g);
  assert.ok(pseudoGradient(off, g, w, new Float64Array(k)) > 1e-3);
});

it("orthant-wise Newton finds the quadratic and Rosenbrock minima without penalty", () => {
  const c = [1, -2, 3];
  const a = [1, 10, 100];
  const quad = (th: Float64Array, g: Float64Array | null, h: Float64Array | null) => {
    h?.fill(0);
    return th.reduce((s, v, j) => {
      if (g) g[j] = a[j] * (v - c[j]);
      if (h) h[j * 3 + j] = a[j];
      return s + 0.5 * a[j] * (v - c[j]) ** 2;
    }, 0);
  };
  const q = newtonL1(quad, zeros(3), zeros(3));
  assert.ok(q.converged && q.iterations <= 2, q.reason);
  q.theta.forEach((v, j) => assert.ok(Math.abs(v - c[j]) < 1e-12));
  const rosen = (th: Float64Array, g: Float64Array | null, h: Float64Array | null) => {
    const [x, y] = th;
    if (g) {
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
    }
    if (h) {
      h[0] = 2 - 400 * (y - 3 * x * x);
      h[1] = h[2] = -400 * x;
      h[3] = 200;
    }
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  };
  const r = newtonL1(rosen, Float64Array.from([-1.2, 1]), zeros(2));
  assert.ok(r.converged, r.reason);
  assert.ok(Math.abs(r.theta[0] - 1) < 1e-10 && Math.abs(r.theta[1] - 1) < 1e-10);
  assert.ok(r.iterations < 50);
});

it("reports non-convergence instead of hiding it", () => {
  const rosen = (th: Float64Array, g: Float64Array | null) => {
    const [x, y] = th;
    if (g) {
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
    }
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  };
  const r = owlqn((th, g) => rosen(th, g), Float64Array.from([-1.2, 1]), zeros(2), { maxIter: 5 });
  assert.equal(r.converged, false);
  assert.match(r.reason, /iteration limit/);
  assert.ok(r.optimality > 1e-7);
});
