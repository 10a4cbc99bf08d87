import { type FitData, normalisationOf, subset } from "../fit/data.js";
import { type FitOptions, fitModel } from "../fit/estimators.js";
import { IdentificationError } from "../fit/identification.js";
import { buildDesign, model, predict } from "../fit/models.js";

/** One specification's out-of-time score at one cut-off. */
export interface OutOfTimeScore {
  model: string;
  /** Decimal year: rows published before it train the model, the rest test it. */
  cutoff: number;
  train: number;
  test: number;
  /** Mean squared error of ln perplexity on the later rows; null when the fit could not be made (`why`). */
  mse: number | null;
  /**
   * Mean of observed − predicted ln perplexity on the later rows: > 0 when the model expected more progress than came.
   */
  bias: number | null;
  /**
   * Why there is no score (too few rows before the cut-off, a covariate that does not vary there, a fit that failed).
   */
  why?: string;
}

/**
 * Out-of-time validation (docs/method.md §10.3): for each cut-off year, fit each specification to
 * the evaluations published before it (normalisation constants from those rows, §2.5) and predict
 * those published on or after it; the mean squared error of ln perplexity on the later rows
 * says how well a law learned from the past extrapolates, which leave-one-out, drawing test rows
 * from every year, does not. A specification that cannot be fitted before a cut-off is scored
 * null with the reason, not dropped.
 *
 * @example
 * outOfTime(data, ["7", "16"], [2018, 2020], { estimator: "faithful", delta: 0.0025 });
 */
export function outOfTime(data: FitData, models: string[], cutoffs: number[], fit: FitOptions): OutOfTimeScore[] {
  const out: OutOfTimeScore[] = [];
  for (const cutoff of cutoffs) {
    const before: number[] = [];
    const after: number[] = [];
    for (let i = 0; i < data.m; i++) (data.t[i] < cutoff ? before : after).push(i);
    const train = subset(data, before);
    const test = subset(data, after);
    const norm = before.length ? normalisationOf(train) : null;
    for (const id of models) {
      const base = { model: id, cutoff, train: before.length, test: after.length };
      if (!norm || after.length === 0) {
        out.push({
          ...base,
          mse: null,
          bias: null,
          why: before.length ? "no rows after the cut-off" : "no rows before the cut-off",
        });
        continue;
      }
      try {
        const r = fitModel(id, train, norm, fit);
        if (!Number.isFinite(r.objective)) throw new IdentificationError("the fit's objective is not finite");
        const yhat = predict(buildDesign(model(id), test, norm), r.theta);
        let sse = 0;
        let sum = 0;
        for (let k = 0; k < test.m; k++) {
          const e = test.y[k] - yhat[k];
          sse += e * e;
          sum += e;
        }
        const mse = sse / test.m;
        out.push(
          Number.isFinite(mse)
            ? { ...base, mse, bias: sum / test.m }
            : { ...base, mse: null, bias: null, why: "a prediction on the later rows is not finite" },
        );
      } catch (e) {
        if (!(e instanceof IdentificationError)) throw e;
        out.push({ ...base, mse: null, bias: null, why: e.message });
      }
    }
  }
  return out;
}
