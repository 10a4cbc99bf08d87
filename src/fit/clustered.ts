import { type FitData, type Normalisation, normalisationOf, paperRows } from "./data.js";
import { buildDesign, model, predict, quadraticFormGradient } from "./models.js";
import { owlqn } from "./optimizer.js";

/**
 * Gaussian negative log-likelihood of model 7's mean with errors equicorrelated within a paper
 * (docs/method.md §4.2, Appendix I): ε ~ N(0, σ²R), R block-diagonal with blocks (1 − ρ)I + ρ11ᵀ.
 * Parameters: model 7's ten, then s (σ = eˢ) and r (ρ = logistic(r)). The returned function gives
 * the NLL (without ½·m·ln 2π) and writes its exact gradient; the design and the papers' row groups
 * are built once, here.
 *
 * @example
 * const nll = clusteredNll(data, norm);
 * nll(Float64Array.from([...theta, Math.log(0.2), 0]), new Float64Array(12));
 */
export function clusteredNll(data: FitData, norm: Normalisation): (theta: Float64Array, grad: Float64Array) => number {
  const design = buildDesign(model("7"), data, norm);
  const p = design.p;
  const papers = paperRows(data);
  // A paper's terms in ρ (its share of ln det R, of its derivative, the weight ρ/(1 + (s − 1)ρ) and
  // h'(ρ)) depend on its size s alone: computed once per size and evaluation, by the same
  // expressions, so each paper adds the doubles it added when they were computed per paper.
  const sizes = [...new Set(papers.map((rows) => rows.length))];
  const sizeOf = Int32Array.from(papers, (rows) => sizes.indexOf(rows.length));
  const perSize = { logdet: new Float64Array(sizes.length), dLogdet: new Float64Array(sizes.length) };
  const weight = new Float64Array(sizes.length);
  const dh = new Float64Array(sizes.length);
  // Work arrays of the evaluations (an optimiser makes thousands; each writes them before reading).
  const m = data.m;
  const mu = new Float64Array(m);
  const eps = new Float64Array(m);
  const u = new Float64Array(m); // R⁻¹ε
  const gTheta = new Float64Array(p);
  return (theta, grad) => {
    const th = theta.subarray(0, p);
    const sigma2 = Math.exp(2 * theta[p]);
    const rho = 1 / (1 + Math.exp(-theta[p + 1]));
    predict(design, th, mu);
    let finite = true;
    for (let i = 0; i < m; i++) finite = Number.isFinite((eps[i] = data.y[i] - mu[i])) && finite;
    if (!finite) return (grad.fill(NaN), Infinity);
    const logOneMinusRho = Math.log(1 - rho);
    for (let z = 0; z < sizes.length; z++) {
      const sc = sizes[z];
      const den = 1 + (sc - 1) * rho;
      perSize.logdet[z] = (sc - 1) * logOneMinusRho + Math.log(den);
      perSize.dLogdet[z] = -(sc - 1) / (1 - rho) + (sc - 1) / den;
      weight[z] = rho / den;
      // q = A/(1 − ρ) − S²·h(ρ), h = ρ/((1 − ρ)(1 + (s − 1)ρ)).
      const g = (1 - rho) * den;
      dh[z] = (g - rho * (-den + (1 - rho) * (sc - 1))) / (g * g);
    }
    let logdet = 0;
    let Q = 0;
    let dQdrho = 0;
    let dLogdetDrho = 0;
    for (let k = 0; k < papers.length; k++) {
      const rows = papers[k];
      const z = sizeOf[k];
      const sc = rows.length;
      let A = 0;
      let S = 0;
      for (let r = 0; r < sc; r++) A = A + eps[rows[r]] ** 2;
      for (let r = 0; r < sc; r++) S = S + eps[rows[r]];
      logdet += perSize.logdet[z];
      Q += (A - weight[z] * S * S) / (1 - rho);
      for (let r = 0; r < sc; r++) u[rows[r]] = (eps[rows[r]] - weight[z] * S) / (1 - rho);
      dLogdetDrho += perSize.dLogdet[z];
      dQdrho += A / (1 - rho) ** 2 - S * S * dh[z];
    }
    const nll = 0.5 * logdet + data.m * theta[p] + Q / (2 * sigma2);
    // ∂NLL/∂θ_j = −Σ_i u_i·(∂ŷ_i/∂θ_j)/σ², its rows summed in order (model 7: each parameter a
    // feature of one term, ∂ŷ_i/∂θ_j = e_ik·x_ikj).
    grad.set(quadraticFormGradient(design, th, u, sigma2, gTheta));
    grad[p] = data.m - Q / sigma2;
    grad[p + 1] = (0.5 * dLogdetDrho + dQdrho / (2 * sigma2)) * rho * (1 - rho);
    return nll;
  };
}

/** Maximum-likelihood fit of the clustered model (§4.2): start θ = 0, s = 0, r = 0.5; L-BFGS to a tight tolerance. */
export function fitClustered(data: FitData, norm: Normalisation = normalisationOf(data)) {
  const start = new Float64Array(12);
  start[11] = 0.5;
  const r = owlqn(clusteredNll(data, norm), start, new Float64Array(12), { tol: 1e-8, maxIter: 5000 });
  return {
    theta: r.theta.slice(0, 10),
    sigma: Math.exp(r.theta[10]),
    rho: 1 / (1 + Math.exp(-r.theta[11])),
    nll: r.objective,
    converged: r.converged,
    reason: r.reason,
  };
}
