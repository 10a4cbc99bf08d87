import { checkLabel } from "./table.js";

/** MIME type under which notebooks display Plotly figures (JupyterLab renders it natively). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

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
