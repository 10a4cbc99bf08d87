import type { BootstrapResult } from "../inference/bootstrap.js";
import type { BootstrapDoublings } from "../inference/doublings.js";
import type { Percentiles } from "../progress/intervals.js";
import type { FitData, Normalisation } from "../fit/data.js";
import type { FitResult } from "../fit/estimators.js";
import type { DataSizeSupport } from "../fit/identification.js";
import { buildDesign, model, predict } from "../fit/models.js";
import { doublingTimes } from "../progress/doubling.js";
import { summariseRates } from "../progress/rates.js";
import { interval95, percentile } from "../stats/percentile.js";
import { type Figure, baseLayout } from "./plotly.js";
import type { TableSpec } from "./table.js";
import { months } from "../util/units.js";
import { compact, fixed, NOT_FINITE, range, scientific, significant } from "../util/format.js";

const namedOf = (f: FitResult) => Object.fromEntries(f.params.map((n, j) => [n, f.theta[j]]));

/**
 * Parameter estimates with bootstrap percentile intervals (§4.1 step 4: the full-sample estimate
 * with the 2.5/97.5 percentiles of the replicates), next to published values where given.
 *
 * @example
 * const table = parameterTable(fit, boot, "Model 7 parameters with bootstrap 95 % intervals.", published.M7);
 * table.rows[3]; // → ["alpha_year", -0.0060, -0.0607, 0.0223, 0.0039]
 * table.note; // → "20 bootstrap replicates (0 failed, 0 not converged), seed 0."
 */
export function parameterTable(
  fit: FitResult,
  boot: BootstrapResult,
  caption: string,
  published?: Record<string, number>,
): TableSpec {
  const ok = boot.replicates.filter((r) => Number.isFinite(r.objective));
  return {
    caption,
    columns: ["parameter", "estimate", "2.5 %", "97.5 %", ...(published ? ["published (§8 M7)"] : [])],
    rows: fit.params.map((name, j) => {
      const xs = ok.map((r) => r.theta[j]);
      return [
        name,
        fit.theta[j],
        percentile(xs, 2.5),
        percentile(xs, 97.5),
        ...(published ? [published[name] ?? null] : []),
      ];
    }),
    digits: 4,
    note:
      `${ok.length} bootstrap replicates (${boot.failed} failed, ${boot.nonConverged} not converged), seed ` +
      `${boot.seed}.`,
  };
}

/**
 * The same model fitted by several estimators: objective, KKT violation, stop reason and doubling time (§3.6).
 *
 * @example
 * const pen = fitDesign(design, y, { estimator: "penalized", delta: 0.0025, starts: 2 });
 * // T_C (months) at each estimate
 * estimatorTable([fit, pen], "Model 7 by two estimators.").rows.map((r) => r[6]); // → [8.48, 13.45]
 */
export function estimatorTable(fits: FitResult[], caption: string): TableSpec {
  return {
    caption,
    columns: ["estimator", "δ", "objective J", "KKT violation", "iterations", "stop", "T_C (months)"],
    rows: fits.map((f) => {
      const d = doublingTimes(f.model, namedOf(f))[0];
      return [
        f.estimator,
        f.delta,
        significant(f.objective, 7),
        scientific(f.optimality, 1),
        f.iterations,
        `${f.converged ? "" : "NOT CONVERGED: "}${f.reason}` +
          (f.starts
            ? `; ${f.starts.distinctOptima} local optima in ${f.starts.count} starts, ` +
              `best from start ${f.starts.winner}`
            : ""),
        d ? months(d.TC) : null,
      ];
    }),
    digits: 3,
  };
}

/**
 * Bootstrap doubling times as a table (`bootstrapDoublings`): median, 95 % interval and non-finite
 * count of T_N, T_D (years) and T_C (months) for each context of the model, and the numerical Δ
 * (months, §5.2) when it was computed.
 *
 * @example
 * const table = doublingSummaryTable(bootstrapDoublings("7", boot), "Bootstrap doubling times of model 7.");
 * table.rows[2]; // → ["effective compute T_C (analytic, §5.1)", "months", 9.34, 3.78, 14.86, 0]
 */
export function doublingSummaryTable(summary: BootstrapDoublings, caption: string): TableSpec {
  const row = (label: string, c: Percentiles, unit: string) => [label, unit, c.p50, c.p2_5, c.p97_5, c.nonFinite];
  const many = summary.contexts.length > 1;
  const rows = summary.contexts.flatMap((c) => {
    const of = many ? ` (${c.label})` : "";
    return [
      row(`effective parameters T_N${of}`, c.parameterYears, "years"),
      row(`effective data T_D${of}`, c.dataYears, "years"),
      row(`effective compute T_C (analytic, §5.1)${of}`, c.computeMonths, "months"),
    ];
  });
  if (summary.numericalMonths.n + summary.numericalMonths.nonFinite > 0)
    rows.push(row("effective compute Δ (numerical, §5.2)", summary.numericalMonths, "months"));
  return { caption, columns: ["doubling time", "unit", "median", "2.5 %", "97.5 %", "not finite"], rows, digits: 2 };
}

/**
 * Observed against predicted log-perplexity, one colour per benchmark, with the identity line.
 *
 * @example
 * const fig = actualVsPredicted(data, fit, norm, "Observed against predicted log-perplexity.");
 * fig.data.map((t) => t.name); // → ["WikiText-103", "WikiText-2", "Penn Treebank", "y = ŷ"]
 */
export function actualVsPredicted(
  data: FitData,
  fit: FitResult,
  norm: Normalisation,
  caption: string,
  label?: string,
): Figure {
  const yhat = predict(buildDesign(model(fit.model), data, norm), fit.theta);
  const groups = [
    ["WikiText-103", (i: number) => !data.P[i] && !data.W[i], "#1f4e79"],
    ["WikiText-2", (i: number) => data.W[i] === 1, "#c55a11"],
    ["Penn Treebank", (i: number) => data.P[i] === 1, "#548235"],
  ] as const;
  const lo = Math.min(...data.y, ...yhat);
  const hi = Math.max(...data.y, ...yhat);
  return {
    data: [
      ...groups.map(([name, f, color]) => {
        const idx = [...Array(data.m).keys()].filter(f);
        return {
          type: "scatter",
          mode: "markers",
          name,
          x: idx.map((i) => yhat[i]),
          y: idx.map((i) => data.y[i]),
          marker: { color, size: 6, opacity: 0.75 },
        };
      }),
      {
        type: "scatter",
        mode: "lines",
        name: "y = ŷ",
        x: [lo, hi],
        y: [lo, hi],
        line: { color: "#888", dash: "dash", width: 1 },
      },
    ],
    layout: baseLayout(
      "Observed vs predicted log-perplexity",
      caption,
      { xaxis: { title: { text: "predicted ln perplexity" } }, yaxis: { title: { text: "observed ln perplexity" } } },
      label,
    ),
  };
}

/**
 * Histograms of bootstrap doubling times in three panels, trimmed to the central 95 % for display only (§4.1 step 5).
 *
 * @example
 * const fig = doublingHistograms(boot, "Bootstrap distributions of the doubling times.");
 * fig.data.map((t) => t.name); // → ["T_N (years)", "T_D (years)", "T_C (months)"]
 */
export function doublingHistograms(boot: BootstrapResult, caption: string, label?: string): Figure {
  const ok = boot.replicates.filter((r) => Number.isFinite(r.objective));
  const panels: [string, number[], string][] = [
    ["T_N (years)", ok.map((r) => r.TN), "x"],
    ["T_D (years)", ok.map((r) => r.TD), "x2"],
    ["T_C (months)", ok.map((r) => months(r.TC)), "x3"],
  ];
  const trim = (xs: number[]) => {
    const c = interval95(xs);
    return xs.filter((x) => x >= c.p2_5 && x <= c.p97_5);
  };
  return {
    data: panels.map(([name, xs, axis], k) => ({
      type: "histogram",
      name,
      x: trim(xs),
      xaxis: axis,
      yaxis: k === 0 ? "y" : `y${k + 1}`,
      marker: { color: ["#7030a0", "#bf9000", "#1f4e79"][k] },
      nbinsx: 25,
    })),
    layout: baseLayout(
      "Bootstrap distributions of doubling times",
      caption,
      {
        showlegend: false,
        xaxis: { domain: [0, 0.3], title: { text: "T_N (years)" } },
        xaxis2: { domain: [0.35, 0.65], title: { text: "T_D (years)" } },
        xaxis3: { domain: [0.7, 1], title: { text: "T_C (months)" } },
        yaxis: { title: { text: "replicates" } },
        yaxis2: { anchor: "x2" },
        yaxis3: { anchor: "x3" },
      },
      label,
    ),
  };
}

/**
 * Per benchmark: evaluations, the usual training-set size, and how many rows vary D beyond it (`dataSizeSupport`).
 *
 * @example
 * const support = dataSizeSupport(loadEvaluations("data/lm_evaluations.csv").head);
 * dataSupportTable(support).rows.at(-1); // → ["all", 226, "", 55]
 */
export function dataSupportTable(
  s: DataSizeSupport,
  caption = "Dataset sizes by benchmark: what is left to identify the data exponent once each benchmark has its own " +
    "intercept.",
): TableSpec {
  const name = { wt103: "WikiText-103", wt2: "WikiText-2", ptb: "Penn Treebank" };
  return {
    caption,
    columns: ["benchmark", "evaluations", "most common D (tokens)", "evaluations with another D"],
    rows: [
      ...s.byBenchmark.map((b) => [name[b.benchmark], b.rows, scientific(b.modalD, 3), b.offModal]),
      ["all", s.rows, "", s.offModal],
    ],
    note: `Within-benchmark share of the variance of ln D: ${fixed(100 * s.withinShare, 1)} %.`,
  };
}

/** One sample's headline: its fit and bootstrap (model 7, one estimator). */
export interface SampleHeadline {
  sample: string;
  fit: FitResult;
  boot: BootstrapResult;
  rows: number;
}

/**
 * The headline on several samples side by side, from the one rate summary (`summariseRates`,
 * docs/method.md §5.1): rows, objective, T_C at the full-sample estimate, the bootstrap halving
 * time with its 95 % interval where the rate is identified (else "not identified"), and the share
 * of replicates whose growth rate g_N + g_D is not positive.
 *
 * @example
 * const table = sampleHeadlineTable([{ sample: "reproduction", fit, boot, rows: data.m }], "Model 7 by sample.");
 * table.rows[0]; // → ["reproduction", "226", 0.0532, 8.48, 9.34, "3.737–14.85", 0]
 */
export function sampleHeadlineTable(entries: SampleHeadline[], caption: string): TableSpec {
  return {
    caption,
    columns: [
      "sample",
      "rows",
      "objective J",
      "T_C at the estimate (months)",
      "bootstrap T_C (months)",
      "95 % interval",
      "share with g ≤ 0",
    ],
    rows: entries.map(({ sample, fit, boot, rows }) => {
      const ok = boot.replicates.filter((r) => Number.isFinite(r.objective));
      const s = summariseRates(ok.map((r) => Math.LN2 / r.TC));
      const [d] = doublingTimes(fit.model, Object.fromEntries(fit.params.map((n, j) => [n, fit.theta[j]])));
      const h = s.halvingMonths;
      return [
        sample,
        String(rows),
        fit.objective,
        d ? months(d.TC) : null,
        h ? h.p50 : "not identified",
        h ? range(h.low, h.high, compact) : NOT_FINITE,
        s.nonPositiveShare,
      ];
    }),
  };
}
