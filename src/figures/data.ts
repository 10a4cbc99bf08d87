import type { Coverage } from "../data/check.js";
import type { EvalRow } from "../data/types.js";
import { BENCHMARKS } from "../data/types.js";
import { escapeHtml } from "../util/html.js";
import { type Figure, baseLayout } from "./plotly.js";
import { scientific } from "../util/format.js";

/** Display names of the benchmarks. */
export const BENCHMARK_LABEL = { wt103: "WikiText-103", wt2: "WikiText-2", ptb: "Penn Treebank" } as const;
const COLOR = { wt103: "#1f4e79", wt2: "#c55a11", ptb: "#548235" } as const;

const hover = (r: EvalRow) =>
  `${escapeHtml(r.system)}<br>${r.date}<br>N = ${scientific(r.param, 2)}, D = ${scientific(r.dataset, 2)}`;

/**
 * Perplexity on each benchmark against publication date (the paper's §2 figure, docs/method.md §5.16):
 * one series per benchmark with the benchmark's own perplexity, log axis; marker area grows with
 * log10 of compute 6ND.
 *
 * @example
 * const { full } = loadEvaluations("data/lm_evaluations.csv");
 * const fig = perplexityOverTime(full, "Test perplexity against publication date.");
 * fig.data.map((t) => t.name); // → ["WikiText-103", "WikiText-2", "Penn Treebank"]
 */
export function perplexityOverTime(rows: EvalRow[], caption: string, label?: string): Figure {
  const data = BENCHMARKS.map((b) => {
    const rs = rows.filter((r) => r.benchmark === b);
    return {
      type: "scatter",
      mode: "markers",
      name: BENCHMARK_LABEL[b],
      x: rs.map((r) => r.t),
      y: rs.map((r) => r.pplOwn),
      text: rs.map(hover),
      hovertemplate: "%{text}<br>perplexity %{y}<extra></extra>",
      marker: {
        color: COLOR[b],
        opacity: 0.75,
        size: rs.map((r) => 4 + 1.2 * Math.max(0, Math.log10(6 * r.param * r.dataset) - 14)),
      },
    };
  });
  return {
    data,
    layout: baseLayout(
      "Test perplexity over time",
      caption,
      {
        xaxis: { title: { text: "publication date (year)" } },
        yaxis: { title: { text: "perplexity (log scale)" }, type: "log" },
      },
      label,
    ),
  };
}

/**
 * Parameters and training-set size (tokens) of each system against publication date, log axes, two panels.
 *
 * @example
 * const { full } = loadEvaluations("data/lm_evaluations.csv");
 * const fig = sizesOverTime(full, "Parameters and dataset size by publication date.");
 * // one point per system
 * fig.data[0].x.length; // → 223
 */
export function sizesOverTime(rows: EvalRow[], caption: string, label?: string): Figure {
  const bySystem = new Map(rows.map((r) => [r.system, r]));
  const rs = [...bySystem.values()];
  const trace = (y: number[], axis: string, name: string, color: string) => ({
    type: "scatter",
    mode: "markers",
    name,
    x: rs.map((r) => r.t),
    y,
    yaxis: axis,
    text: rs.map(hover),
    hovertemplate: "%{text}<extra></extra>",
    marker: { color, opacity: 0.7, size: 6 },
  });
  return {
    data: [
      trace(
        rs.map((r) => r.param),
        "y",
        "parameters N",
        "#7030a0",
      ),
      trace(
        rs.map((r) => r.dataset),
        "y2",
        "dataset size D (tokens)",
        "#bf9000",
      ),
    ],
    layout: baseLayout(
      "Model and dataset size over time",
      caption,
      {
        height: 480,
        xaxis: { title: { text: "publication date (year)" }, anchor: "y2" },
        yaxis: { title: { text: "parameters" }, type: "log", domain: [0.55, 1] },
        yaxis2: { title: { text: "tokens" }, type: "log", domain: [0, 0.45] },
      },
      label,
    ),
  };
}

/**
 * The perplexity read in a paper against the authors' target for each of their evaluations where
 * a paper's value was read (values taken from the authors' own output are left out: they cannot
 * confirm themselves), log–log with the identity line; points outside ±0.5 % are drawn in a
 * second colour and named in the hover text.
 *
 * @example
 * const { coverage } = checkDatasetFile("data/lm_evaluations.csv");
 * const fig = targetAgreementFigure(coverage, "Perplexity read in a paper against the authors' target.");
 * // evaluations within 0.5 % of the authors' target, and beyond it
 * fig.data.slice(1).map((t) => t.x.length); // → [124, 5]
 */
export function targetAgreementFigure(c: Coverage, caption: string, label?: string): Figure {
  const present = c.rows.filter((r) => r.paper !== null);
  const off = (r: (typeof present)[number]) => Math.abs(r.paper! / r.theirs - 1) > 0.005;
  const series = (rs: typeof present, name: string, color: string) => ({
    type: "scatter",
    mode: "markers",
    name,
    x: rs.map((r) => r.theirs),
    y: rs.map((r) => r.paper),
    text: rs.map((r) => `${escapeHtml(r.system)} (authors' row ${r.index})`),
    hovertemplate: "%{text}<br>theirs %{x}, paper %{y}<extra></extra>",
    marker: { color, size: 7, opacity: 0.8 },
  });
  const lo = Math.min(...present.map((r) => Math.min(r.theirs, r.paper!)), 10);
  const hi = Math.max(...present.map((r) => Math.max(r.theirs, r.paper!)), 100);
  return {
    data: [
      {
        type: "scatter",
        mode: "lines",
        name: "paper = authors",
        x: [lo, hi],
        y: [lo, hi],
        line: { color: "#999", dash: "dot" },
        hoverinfo: "skip",
      },
      series(
        present.filter((r) => !off(r)),
        "within 0.5 %",
        "#1f4e79",
      ),
      series(present.filter(off), "differs by more than 0.5 %", "#c00000"),
    ],
    layout: baseLayout(
      "Target perplexity: read in a paper against the authors'",
      caption,
      {
        xaxis: { title: { text: "authors' target perplexity (log scale)" }, type: "log" },
        yaxis: { title: { text: "perplexity read in a paper (log scale)" }, type: "log" },
      },
      label,
    ),
  };
}

/** Display names and colours of the value sources (data/README.md, "Sources and samples"). */
const SOURCE_STYLE: [source: string, name: string, color: string][] = [
  ["paper", "read in a paper", "#1f4e79"],
  ["derived:benchmark-training-set", "benchmark training set (rule)", "#5b9bd5"],
  ["authors", "authors' notebook output", "#c55a11"],
  ["epoch-ai", "Epoch AI model table", "#548235"],
  ["derived:authors-predictions", "recovered from the authors' predictions", "#bf9000"],
  ["", "no value", "#bfbfbf"],
];

/**
 * Where the values of the authors' evaluations come from: one horizontal bar per column
 * (perplexity, parameters, dataset size, date), stacked by source, over the evaluations present.
 *
 * @example
 * const { coverage } = checkDatasetFile("data/lm_evaluations.csv");
 * const fig = sourceCoverageFigure(coverage, "Sources of the values of the authors' evaluations.");
 * fig.layout.xaxis; // → { title: { text: "evaluations (of 231 present)" } }
 */
export function sourceCoverageFigure(c: Coverage, caption: string, label?: string): Figure {
  const present = c.rows.filter((r) => r.reason !== "system not in the dataset");
  const columns = ["Perplexity source", "Parameters source", "Dataset size source", "Date source"];
  const names = ["perplexity", "parameters", "dataset size", "date"];
  return {
    data: SOURCE_STYLE.map(([source, name, color]) => ({
      type: "bar",
      orientation: "h",
      name,
      y: names,
      x: columns.map((col) => present.filter((r) => (r.sources[col] ?? "") === source).length),
      marker: { color },
      hovertemplate: `${name}: %{x} evaluations<extra></extra>`,
    })),
    layout: baseLayout(
      "Sources of the values of the authors' evaluations",
      caption,
      {
        barmode: "stack",
        xaxis: { title: { text: `evaluations (of ${present.length} present)` } },
        yaxis: { autorange: "reversed" },
        legend: { orientation: "h", y: -0.3 },
      },
      label,
    ),
  };
}
