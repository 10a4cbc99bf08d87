import { checkLabel } from "./table.js";

/** MIME type under which notebooks display Plotly figures (JupyterLab renders it natively). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * The plotly.js bundle the report and the notebooks' fallback HTML carry (package name): the
 * cartesian partial bundle, 1.5 MB against the full bundle's 4.7 MB, which Chromium took about
 * 0.8 s longer to load before the PDF could print (the figures drew the same pixels).
 */
export const PLOTLY_BUNDLE = "plotly.js-cartesian-dist-min";

/** The trace types PLOTLY_BUNDLE draws (`Object.keys(Plotly.PlotSchema.get().traces)` of it). */
export const PLOTLY_TRACE_TYPES: readonly string[] = [
  "scatter",
  "bar",
  "box",
  "heatmap",
  "histogram",
  "histogram2d",
  "histogram2dcontour",
  "contour",
  "scatterternary",
  "violin",
  "image",
  "pie",
];

/**
 * The trace types of `fig` that PLOTLY_BUNDLE cannot draw, once each (a trace without a type is a
 * scatter, as in Plotly).
 *
 * @example
 * undrawableTraces({ data: [{ type: "scatter3d" }, { x: [1] }], layout: {} }); // → ["scatter3d"]
 */
export function undrawableTraces(fig: Figure): string[] {
  const types = (fig.data ?? []).map((t) => (typeof t.type === "string" ? t.type : "scatter"));
  return [...new Set(types.filter((t) => !PLOTLY_TRACE_TYPES.includes(t)))];
}

/** A Plotly figure: traces and layout, with the caption the report prints under it. */
export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown> & { meta?: { caption?: string; label?: string } };
}

/**
 * The house style: serif font, white background, no fixed width (a fixed width clips PDFs). The
 * caption is printed under the figure; `label` lets markdown refer to it as `@fig:label`.
 */
export function baseLayout(
  title: string,
  caption: string,
  extra: Record<string, unknown> = {},
  label?: string,
): Figure["layout"] {
  return {
    title: { text: title },
    font: { family: "Georgia, 'Times New Roman', serif", size: 13 },
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    margin: { l: 70, r: 20, t: 50, b: 55 },
    height: 420,
    legend: { orientation: "h", y: -0.2 },
    meta: label ? { caption, label: checkLabel(label) } : { caption },
    ...extra,
  };
}

/**
 * A shaded band between `low` and `high` over `x` as one closed polygon trace (no line), for
 * intervals drawn under a curve.
 */
export function bandTrace(name: string, x: number[], low: number[], high: number[]): Record<string, unknown> {
  return {
    type: "scatter",
    mode: "lines",
    name,
    x: [...x, ...[...x].reverse()],
    y: [...high, ...[...low].reverse()],
    fill: "toself",
    fillcolor: "rgba(31,78,121,0.15)",
    line: { width: 0 },
  };
}
