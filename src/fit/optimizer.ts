/**
 * The quasi-Newton and Newton optimisers for f(θ) + Σ_j w_j·|θ_j| (docs/method.md §3.4), one module
 * each: shared types, the pseudo-gradient and line search (`optim-common`), OWL-QN (`owlqn`), the
 * proximal Newton method of the multi-start estimators (`newton-l1`, its L1 subproblem solved in
 * WebAssembly, wasm/orthant-newton.ts). SciPy's SLSQP, the faithful estimator, is in `slsqp`.
 */
export { type KnownOptimum, type OptimResult, type Smooth, type SmoothHess, pseudoGradient } from "./optim-common.js";
export { owlqn } from "./owlqn.js";
export { newtonL1 } from "./newton-l1.js";
