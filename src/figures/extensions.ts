import type { FrontierComparison } from "../extensions/comparisons.js";
import { type Figure, baseLayout } from "./plotly.js";
import type { TableSpec } from "./table.js";
import { months } from "../util/units.js";
import { fixed, scientific } from "../util/format.js";

/** Two decimals where they say something, else scientific: gains span 1e-8 to 1e6. */
const f2 = (x: number) => (Math.abs(x) >= 0.01 && Math.abs(x) < 1e4 ? fixed(x, 2) : scientific(x, 2));

/**
 * Frontier comparisons with bootstrap intervals and, beside them, the model-based CEG exp((g_N+g_D)Δt).
 *
 * @example
 * const comparisons = frontierComparisons(loadEvaluations("data/lm_evaluations.csv").full, { B: 5, seed: 0 });
 * const rates = boot.replicates.map((r) => Math.LN2 / r.TC);
 * const table = frontierTable(comparisons, rates, "Compute-equivalent gains between frontiers.");
 * table.rows[3].slice(0, 4); // → ["wt103", "2018–2020 → 2020–2024", "29 / 76", "51.44 (37.20–57.33)"]
 */
export function frontierTable(cs: FrontierComparison[], modelRates: number[], caption: string): TableSpec {
  const q = (xs: number[]) => {
    const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
    return s.length
      ? [
          s[Math.floor(0.025 * (s.length - 1))],
          s[Math.floor(0.5 * (s.length - 1))],
          s[Math.ceil(0.975 * (s.length - 1))],
        ]
      : [NaN, NaN, NaN];
  };
  return {
    caption,
    columns: [
      "benchmark",
      "comparison",
      "rows",
      "geometric-mean CEG (95 %)",
      "median CEG",
      "range over levels",
      "halving time, months (95 %)",
      "levels outside a replicate's overlap",
      "model 7 CEG over the same dates (95 %)",
    ],
    rows: cs.map((c) => {
      if (c.skipped) return [c.benchmark, c.label, `${c.nA} / ${c.nB}`, `skipped: ${c.skipped}`, "", "", "", "", ""];
      const m = q(modelRates.map((g) => Math.exp(g * (c.tB - c.tA))));
      const b = c.boot!;
      return [
        c.benchmark,
        c.label,
        `${c.nA} / ${c.nB}`,
        `${f2(c.geomean)} (${f2(b.geomean.p2_5)}–${f2(b.geomean.p97_5)})`,
        f2(c.median),
        `${f2(c.min)}–${f2(c.max)}`,
        `${f2(months(c.halvingYears))} (${f2(months(b.halvingYears.p2_5))}–${f2(months(b.halvingYears.p97_5))})`,
        `${fixed(100 * b.outsideShare, 0)} %`,
        c.label.includes("transformer") ? "n/a (not a period comparison)" : `${f2(m[1])} (${f2(m[0])}–${f2(m[2])})`,
      ];
    }),
  };
}

/**
 * CEG against perplexity for the comparisons that were computed, with the model-based constant beside each.
 *
 * @example
 * const comparisons = frontierComparisons(loadEvaluations("data/lm_evaluations.csv").full, { B: 5, seed: 0 });
 * const rate = interval95(boot.replicates.map((r) => Math.LN2 / r.TC)).p50;
 * const fig = cegCurveFigure(comparisons, rate, "CEG against the perplexity level.");
 * fig.data.slice(0, 2).map((t) => t.name); // → ["wt103: 2018–2020 → 2020–2024", "model 7 over the same dates"]
 */
export function cegCurveFigure(
  cs: FrontierComparison[],
  modelRate: number,
  caption: string,
  label?: string,
  architectureModel?: (c: FrontierComparison) => number[],
): Figure {
  const done = cs.filter((c) => !c.skipped);
  return {
    data: done.flatMap((c, k) => {
      const color = `hsl(${(k * 67) % 360}, 55%, 40%)`;
      const x = c.levels.map((l) => Math.exp(l));
      const curve = {
        type: "scatter",
        mode: "lines+markers",
        name: `${c.benchmark}: ${c.label}`,
        x,
        y: c.ceg,
        line: { color },
      };
      if (c.label.includes("transformer")) {
        if (!architectureModel) return [curve];
        return [
          curve,
          {
            type: "scatter",
            mode: "lines",
            name: "transformer-γ model, compute-optimal",
            x,
            y: architectureModel(c),
            line: { color, dash: "dot" },
          },
        ];
      }
      const g = Math.exp(modelRate * (c.tB - c.tA));
      return [
        curve,
        {
          type: "scatter",
          mode: "lines",
          name: `model 7 over the same dates`,
          x: [x[0], x[x.length - 1]],
          y: [g, g],
          line: { color, dash: "dot" },
          showlegend: k === 0,
        },
      ];
    }),
    layout: baseLayout(
      "Compute-equivalent gain between frontiers",
      caption,
      {
        height: 520,
        margin: { l: 70, r: 20, t: 50, b: 60 },
        legend: { orientation: "h", y: -0.22, yanchor: "top", font: { size: 10 } },
        xaxis: { type: "log", title: { text: "perplexity (own benchmark)", standoff: 4 } },
        yaxis: { type: "log", title: { text: "CEG (older ÷ newer compute)" } },
      },
      label,
    ),
  };
}
