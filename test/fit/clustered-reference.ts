import { type FitData, type Normalisation, paperRows } from "../../src/fit/data.js";
import { buildDesign, model, predict } from "../../src/fit/models.js";
import { jacobian } from "./evaluate-reference.js";

/**
 * The clustered-error negative log-likelihood (src/fit/clustered.ts `clusteredNll`, docs/method.md
 * §4.2) as it was first written: a logarithm per paper, the dense Jacobian, the gradient row by row.
 * The tests compare the library's doubles with these, bit for bit.
 */
export function clusteredNllReference(
  data: FitData,
  norm: Normalisation,
): (theta: Float64Array, grad: Float64Array) => number {
  const design = buildDesign(model("7"), data, norm);
  const p = design.p;
  const papers = paperRows(data);
  // Work arrays of the evaluations (an optimiser makes thousands; each writes them before reading).
  const m = data.m;
  const mu = new Float64Array(m);
  const eps = new Float64Array(m);
  const u = new Float64Array(m); // R⁻¹ε
  const J = new Float64Array(m * p);
  return (theta, grad) => {
    const th = theta.subarray(0, p);
    const sigma2 = Math.exp(2 * theta[p]);
    const rho = 1 / (1 + Math.exp(-theta[p + 1]));
    predict(design, th, mu);
    let finite = true;
    for (let i = 0; i < m; i++) finite = Number.isFinite((eps[i] = data.y[i] - mu[i])) && finite;
    if (!finite) return (grad.fill(NaN), Infinity);
    let logdet = 0;
    let Q = 0;
    let dQdrho = 0;
    let dLogdetDrho = 0;
    for (const rows of papers) {
      const sc = rows.length;
      let A = 0;
      let S = 0;
      for (let r = 0; r < sc; r++) A = A + eps[rows[r]] ** 2;
      for (let r = 0; r < sc; r++) S = S + eps[rows[r]];
      const den = 1 + (sc - 1) * rho;
      logdet += (sc - 1) * Math.log(1 - rho) + Math.log(den);
      Q += (A - (rho / den) * S * S) / (1 - rho);
      for (let r = 0; r < sc; r++) u[rows[r]] = (eps[rows[r]] - (rho / den) * S) / (1 - rho);
      dLogdetDrho += -(sc - 1) / (1 - rho) + (sc - 1) / den;
      // q = A/(1 − ρ) − S²·h(ρ), h = ρ/((1 − ρ)(1 + (s − 1)ρ)).
      const g = (1 - rho) * den;
      const dh = (g - rho * (-den + (1 - rho) * (sc - 1))) / (g * g);
      dQdrho += A / (1 - rho) ** 2 - S * S * dh;
    }
    const nll = 0.5 * logdet + data.m * theta[p] + Q / (2 * sigma2);
    J.set(jacobian(design, th));
    grad.fill(0);
    for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) grad[j] -= (u[i] * J[i * p + j]) / sigma2;
    grad[p] = data.m - Q / sigma2;
    grad[p + 1] = (0.5 * dLogdetDrho + dQdrho / (2 * sigma2)) * rho * (1 - rho);
    return nll;
  };
}
