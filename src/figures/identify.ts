import type { HeadlineVariant } from "../identify/headline.js";
import type { OutOfTimeScore } from "../identify/out-of-time.js";
import { type HalvingProfile, PROFILE_DEVIANCE_95, type RidgeGrid } from "../identify/profile.js";
import type { GainAtScale } from "../identify/scale.js";
import type { SelectionBiasRow } from "../identify/selection.js";
import { type Figure, bandTrace, baseLayout } from "./plotly.js";
import type { TableSpec } from "./table.js";

const COLOURS = ["#1f4e79", "#c55a11", "#548235", "#7030a0"];

/**
 * Profile deviance of the objective against the compute halving time (months, ln 2/g_C), one
 * curve per objective, the 3.84 line (growth rates that fit almost as well as the best lie below
 * it) and each estimator's estimate as a vertical mark (docs/method.md §10.1).
 *
 * @example
 * const pen = fitDesign(design, y, { estimator: "penalized", delta: 0.0025, starts: 2 });
 * const profile = halvingProfile(design, y, 0.0025, pen.theta, [0.5, 1]);
 * const mark = { name: "penalized estimate", months: 12 * doublingTimes("7", namedParams(pen))[0].TC };
 * const fig = profileFigure([{ name: "penalized", profile }], [mark], "Profile deviance.");
 * fig.data.map((t) => t.name); // → ["penalized", "χ²₁ 95 % (3.84)", "penalized estimate"]
 */
export function profileFigure(
  curves: { name: string; profile: HalvingProfile }[],
  marks: { name: string; months: number }[],
  caption: string,
  label?: string,
): Figure {
  const positive = (p: HalvingProfile) => p.points.filter((q) => q.gC > 0 && Number.isFinite(q.deviance));
  const xs = curves.flatMap((c) => positive(c.profile).map((q) => q.months));
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const top = Math.max(10, ...curves.flatMap((c) => positive(c.profile).map((q) => Math.min(q.deviance, 60))));
  return {
    data: [
      ...curves.map((c, k) => ({
        type: "scatter",
        mode: "lines+markers",
        name: c.name,
        x: positive(c.profile).map((q) => q.months),
        y: positive(c.profile).map((q) => q.deviance),
        marker: { size: 4, color: COLOURS[k % COLOURS.length] },
        line: { color: COLOURS[k % COLOURS.length] },
      })),
      {
        type: "scatter",
        mode: "lines",
        name: "χ²₁ 95 % (3.84)",
        x: [lo, hi],
        y: [PROFILE_DEVIANCE_95, PROFILE_DEVIANCE_95],
        line: { color: "#888", dash: "dash" },
      },
      ...marks
        .filter((m) => Number.isFinite(m.months) && m.months >= lo && m.months <= hi)
        .map((m, k) => ({
          type: "scatter",
          mode: "lines",
          name: m.name,
          x: [m.months, m.months],
          y: [0, top],
          line: { color: COLOURS[(k + 1) % COLOURS.length], dash: "dot", width: 1 },
        })),
    ],
    layout: baseLayout(
      "Profile of the objective over the halving time",
      caption,
      {
        xaxis: {
          title: { text: "compute halving time ln 2 / g_C (months)" },
          type: "log",
          tickvals: [2, 3, 4, 6, 8, 10, 15, 20, 30, 40, 60, 100],
        },
        yaxis: { title: { text: "deviance m·ln(J / J_min)" }, range: [0, top] },
      },
      label,
    ),
  };
}

/**
 * Deviance over (α_year, β_year) as filled contours, with the 3.84 contour drawn: the pairs inside
 * it fit almost as well as the best; a long diagonal valley is a ridge (docs/method.md §10.1).
 *
 * @example
 * const pen = fitDesign(design, y, { estimator: "penalized", delta: 0.0025, starts: 2 });
 * const grid = ridgeGrid(design, y, 0.0025, pen.theta, [0, 0.02], [0, 0.04]);
 * const { alpha_year, beta_year } = namedParams(pen);
 * const fig = ridgeFigure(grid, [{ name: "estimate", alphaYear: alpha_year, betaYear: beta_year }], "Deviance.");
 * fig.data.map((t) => t.name); // → ["deviance", "deviance 3.84", "estimate"]
 */
export function ridgeFigure(
  grid: RidgeGrid,
  marks: { name: string; alphaYear: number; betaYear: number }[],
  caption: string,
  label?: string,
): Figure {
  const cap = 40;
  return {
    data: [
      {
        type: "contour",
        x: grid.betaYear,
        y: grid.alphaYear,
        z: grid.deviance.map((row) => row.map((v) => (Number.isFinite(v) ? Math.min(v, cap) : cap))),
        colorscale: "Blues",
        reversescale: true,
        contours: { start: 0, end: cap, size: 4 },
        colorbar: { title: { text: "deviance" } },
        name: "deviance",
      },
      {
        type: "contour",
        x: grid.betaYear,
        y: grid.alphaYear,
        z: grid.deviance,
        contours: { start: PROFILE_DEVIANCE_95, end: PROFILE_DEVIANCE_95, size: 1, coloring: "none" },
        line: { color: "#c55a11", width: 2 },
        showscale: false,
        name: "deviance 3.84",
      },
      ...marks.map((m, k) => ({
        type: "scatter",
        mode: "markers",
        name: m.name,
        x: [m.betaYear],
        y: [m.alphaYear],
        marker: { size: 9, symbol: ["x", "circle-open", "diamond-open"][k % 3], color: "#222" },
      })),
    ],
    layout: baseLayout(
      "Profile over the two date trends",
      caption,
      {
        xaxis: { title: { text: "β_year (data term)" } },
        yaxis: { title: { text: "α_year (parameter term)" } },
      },
      label,
    ),
  };
}

/**
 * The headline six ways: estimator × resampling, estimate and bootstrap interval in months (§10.2).
 *
 * @example
 * const variants = await headlineVariants(data, { B: 5, seed: 0, starts: 1 });
 * const table = headlineVariantsTable(variants, "Compute halving time by estimator and resampling.");
 * table.rows[0]; // → ["faithful", "rows", 8.48, 11.17, 9.32, 13.85, "0 %", "0"]
 */
export function headlineVariantsTable(variants: HeadlineVariant[], caption: string): TableSpec {
  return {
    caption,
    columns: ["estimator", "resampling", "T_C at estimate", "median", "2.5 %", "97.5 %", "no progress", "failed"],
    rows: variants.map((v) => [
      v.estimator,
      v.resampling,
      v.estimate,
      v.median,
      v.low,
      v.high,
      `${Math.round(100 * v.nonPositiveShare)} %`,
      String(v.failed),
    ]),
    digits: 3,
  };
}

/**
 * Out-of-time MSE by specification and cut-off, with leave-one-out MSE beside it where given (§10.3).
 *
 * @example
 * const models = ["7", "16"];
 * const scores = outOfTime(data, models, [2018], { estimator: "faithful", delta: 0.0025 });
 * const loo = await cvGrid(data, { protocol: "as-run", models, deltas: [0.0025], threads: 1 });
 * const table = outOfTimeTable(scores, new Map(loo.map((s) => [s.model, s.mse])), "Out-of-time MSE.");
 * table.columns; // → ["model", "leave-one-out", "cut-off 2018 (49 → 177)"]
 * table.rows; // → [["7", 0.0544, 0.1261], ["16", 0.0707, 0.3087]]
 */
export function outOfTimeTable(scores: OutOfTimeScore[], loo: Map<string, number>, caption: string): TableSpec {
  const cutoffs = [...new Set(scores.map((s) => s.cutoff))].sort((a, b) => a - b);
  const models = [...new Set(scores.map((s) => s.model))];
  const cell = (m: string, c: number) => {
    const s = scores.find((x) => x.model === m && x.cutoff === c)!;
    return s.mse ?? `— (${s.why})`;
  };
  const counts = (c: number) => scores.find((x) => x.cutoff === c)!;
  return {
    caption,
    columns: ["model", "leave-one-out", ...cutoffs.map((c) => `cut-off ${c} (${counts(c).train} → ${counts(c).test})`)],
    rows: models.map((m) => [m, loo.get(m) ?? "", ...cutoffs.map((c) => cell(m, c))]),
    note: "Each cut-off column: rows published before it (fitted) → rows on or after it (scored).",
    digits: 4,
  };
}

/** The selection-bias axis reaches this many times the largest median or true halving time. */
const BAND_AXIS_FACTOR = 3;

/**
 * Estimated halving time against the correlation of latent quality with compute: median, 95 % band, truth (§10.4).
 *
 * @example
 * const o = { correlations: [0, 0.5], replicates: 5, qualityScale: 0.5, sigma: Math.sqrt(fit.mse), seed: 1 };
 * const rows = selectionBias(data, theta, { ...o, fit: { estimator: "faithful", delta: 0.0025 } });
 * const fig = selectionBiasFigure(rows, "Estimated halving time against ρ.");
 * // median estimate at ρ = 0 and 0.5; the truth is 8.03 months
 * fig.data[1].y; // → [10.55, 15.75]
 */
export function selectionBiasFigure(rows: SelectionBiasRow[], caption: string, label?: string): Figure {
  const x = rows.map((r) => r.correlation);
  // A band that reaches rates at or below zero (negative "halving times") or enormous ones would
  // stretch the axis: it is cut at the axis, and the legend says where.
  const centre = rows.flatMap((r) => [r.median, r.trueMonths]).filter((v) => Number.isFinite(v) && v > 0);
  const top = BAND_AXIS_FACTOR * Math.max(...centre, 1);
  const cut = rows.filter((r) => !(r.low > 0) || !(r.high <= top)).map((r) => r.correlation);
  const bandName =
    "95 % of simulated datasets" +
    (cut.length
      ? ` (cut at the axis at ρ = ${cut.join(", ")}: rates ≤ 0 or halving times over ${Math.round(top)} months)`
      : "");
  return {
    data: [
      bandTrace(
        bandName,
        x,
        rows.map((r) => r.low),
        rows.map((r) => r.high),
      ),
      {
        type: "scatter",
        mode: "lines+markers",
        name: "median estimate",
        x,
        y: rows.map((r) => r.median),
        line: { color: COLOURS[0] },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "simulated truth",
        x,
        y: rows.map((r) => r.trueMonths),
        line: { color: COLOURS[1], dash: "dash" },
      },
    ],
    layout: baseLayout(
      "Selection bias: estimated halving time",
      caption,
      {
        xaxis: { title: { text: "correlation of algorithmic quality with chosen compute ρ" } },
        yaxis: { title: { text: "compute halving time (months)" }, range: [0, top] },
      },
      label,
    ),
  };
}

/**
 * Transformer CEG against compute budget on log axes, with its bootstrap band and the line CEG = 1 (§10.5).
 *
 * @example
 * const spec = { modelId: "13", fit: { estimator: "faithful", delta: 0.0025 }, norm, numerical: false } as const;
 * const fit13 = fitModel("13", data, norm, spec.fit);
 * const boot13 = await bootstrap(data, spec, { B: 5, seed: 0, threads: 1 });
 * const gains = gainByScale("13", fit13.theta, boot13.replicates.map((r) => r.theta), norm);
 * const fig = gainScaleFigure(gains, "Transformer gain across compute budgets.");
 * // the transformer's gain at the estimate, equal split, at the smallest budget (1e17 FLOP)
 * fig.data[1].y[0]; // → 4.21
 */
export function gainScaleFigure(rows: GainAtScale[], caption: string, label?: string): Figure {
  const ok = rows.filter((r) => Number.isFinite(r.low) && Number.isFinite(r.high) && r.low > 0);
  const C = rows.map((r) => r.C);
  return {
    data: [
      bandTrace(
        "95 % bootstrap band",
        ok.map((r) => r.C),
        ok.map((r) => r.low),
        ok.map((r) => r.high),
      ),
      {
        type: "scatter",
        mode: "lines+markers",
        name: "equal split, at the estimate",
        x: C,
        y: rows.map((r) => r.estimate),
        line: { color: COLOURS[0] },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "compute-optimal split, at the estimate",
        x: C,
        y: rows.map((r) => r.optimalEstimate),
        line: { color: COLOURS[2], dash: "dot" },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "no gain (CEG = 1)",
        x: [C[0], C[C.length - 1]],
        y: [1, 1],
        line: { color: "#888", dash: "dash" },
      },
    ],
    layout: baseLayout(
      "Transformer gain across compute budgets",
      caption,
      {
        xaxis: { title: { text: "compute budget (FLOP)" }, type: "log", exponentformat: "power" },
        yaxis: { title: { text: "compute-equivalent gain" }, type: "log" },
      },
      label,
    ),
  };
}
