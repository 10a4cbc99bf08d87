import type { Check } from "../robustness/checks.js";
import type { Spec, SpecChoice } from "../robustness/spec-curve.js";
import { type Figure, baseLayout } from "./plotly.js";
import type { TableSpec } from "./table.js";
import { fixed, range } from "../util/format.js";

const f1 = (x: number) => fixed(x, 1);

/**
 * Every robustness check against the headline, with the published value where there is one.
 *
 * @example
 * const rows = loadEvaluations("data/lm_evaluations.csv");
 * const corrected = loadEvaluations("data/lm_evaluations.csv", { correctedTarget: true });
 * const checks = await runChecks(rows.full, rows.head, corrected.head, { estimator: "faithful", B: 5, seed: 0 });
 * const [headline] = checksTable(checks, "Compute halving time under each robustness check.").rows;
 * headline.slice(0, 4); // → ["headline: model 7, δ = 0.0025, main sample", 226, "11.2", "9.3–13.8"]
 */
export function checksTable(checks: Check[], caption: string): TableSpec {
  return {
    caption,
    columns: ["check", "rows", "T_C median (months)", "95 % interval", "excluded replicates", "published (§8)", "note"],
    rows: checks.map((c) => [
      c.label,
      c.estimate.rows,
      f1(c.estimate.p50),
      range(c.estimate.p2_5, c.estimate.p97_5, f1),
      c.estimate.excluded,
      c.published ?? "",
      c.note ?? "",
    ]),
  };
}

/**
 * The specification curve: medians with 95 % intervals sorted by the median, and the choices beneath (issue 7).
 *
 * @example
 * const { full } = loadEvaluations("data/lm_evaluations.csv");
 * const corrected = loadEvaluations("data/lm_evaluations.csv", { correctedTarget: true }).full;
 * const specs = await specificationCurve(full, corrected, specGrid(["7"], [0.0025], ["faithful"]), { B: 5, seed: 0 });
 * const fig = specCurveFigure(specs, 8.44, "Specification curve of the compute halving time.");
 * fig.data[0].y; // → [9.62, 9.62, 11.17, 11.17, 12.54, 12.54]
 */
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
