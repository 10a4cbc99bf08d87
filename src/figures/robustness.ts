import type { Check } from "../robustness/checks.js";
import type { Spec, SpecChoice } from "../robustness/spec-curve.js";
import { type Figure, baseLayout } from "./plotly.js";
import type { TableSpec } from "./table.js";

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "—");

/** Every robustness check against the headline, with the published value where there is one. */
export function checksTable(checks: Check[], caption: string): TableSpec {
  return {
    caption,
    columns: ["check", "rows", "T_C median (months)", "95 % interval", "excluded replicates", "published (§8)", "note"],
    rows: checks.map((c) => [
      c.label,
      c.estimate.rows,
      f1(c.estimate.p50),
      `${f1(c.estimate.p2_5)} – ${f1(c.estimate.p97_5)}`,
      c.estimate.excluded,
      c.published ?? "",
      c.note ?? "",
    ]),
  };
}

/** The specification curve: medians with 95 % intervals sorted by the median, and the choices beneath (issue 7). */
export function specCurveFigure(specs: Spec[], reference: number, caption: string, label?: string): Figure {
  const sorted = specs.filter((s) => Number.isFinite(s.estimate.p50)).sort((a, b) => a.estimate.p50 - b.estimate.p50);
  const x = sorted.map((_, i) => i + 1);
  const dims: (keyof SpecChoice)[] = ["sample", "target", "estimator", "model", "delta"];
  const rowsOf = dims.flatMap((d) => [...new Set(sorted.map((s) => String(s.choice[d])))].map((v) => `${d}: ${v}`));
  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        name: "median (95 % interval)",
        x,
        y: sorted.map((s) => s.estimate.p50),
        error_y: {
          type: "data",
          symmetric: false,
          array: sorted.map((s) => s.estimate.p97_5 - s.estimate.p50),
          arrayminus: sorted.map((s) => s.estimate.p50 - s.estimate.p2_5),
          thickness: 1,
          width: 0,
          color: "#9bb",
        },
        marker: { color: "#1f4e79", size: 5 },
      },
      {
        type: "scatter",
        mode: "lines",
        name: `published ${reference} months`,
        x: [0.5, sorted.length + 0.5],
        y: [reference, reference],
        line: { color: "#c55a11", dash: "dash" },
      },
      {
        type: "scatter",
        mode: "markers",
        name: "choices",
        showlegend: false,
        xaxis: "x",
        yaxis: "y2",
        x: sorted.flatMap((_, i) => dims.map(() => i + 1)),
        y: sorted.flatMap((s) => dims.map((d) => `${d}: ${String(s.choice[d])}`)),
        marker: { color: "#444", size: 4, symbol: "square" },
      },
    ],
    layout: baseLayout(
      "Specification curve of the compute halving time",
      caption,
      {
        height: 640,
        xaxis: { title: { text: "specification (sorted by median)" }, anchor: "y2" },
        yaxis: {
          domain: [0.5, 1],
          title: { text: "T_C (months)" },
          range: [
            Math.min(0, ...sorted.map((s) => s.estimate.p2_5)) - 1,
            Math.min(60, Math.max(...sorted.map((s) => s.estimate.p97_5))) + 1,
          ],
        },
        yaxis2: { domain: [0, 0.42], type: "category", categoryarray: rowsOf, automargin: true, tickfont: { size: 9 } },
      },
      label,
    ),
  };
}
