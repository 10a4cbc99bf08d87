import { REFERENCE_SYSTEMS, type ReferenceSystem, referencePairs } from "../attribution/reference-systems.js";
import { type TwoTermLaw, decompose, predictTwoTerm } from "../attribution/two-term.js";
import { isoLossFrontier } from "../attribution/frontier.js";
import { interval95 } from "../stats/percentile.js";
import { type Figure, baseLayout } from "./plotly.js";
import type { TableSpec } from "./table.js";
import { fixed, scientific, withInterval } from "../util/format.js";

/**
 * Shapley shares of every reference pair: point estimate, bootstrap interval of the compute share, and the published
 * shares.
 *
 * @example
 * const law = absoluteModel7(namedParams(fit), norm);
 * const laws = boot.replicates.map((r) => absoluteModel7(namedParams({ params: fit.params, theta: r.theta }), norm));
 * const [row] = shapleyTable(law, laws, "Shapley shares between reference systems.", published.P3).rows;
 * row.slice(0, 6); // → ["RNN (2012) → LSTM (2016)", 0.090, 0.504, -0.066, 0.47, "0.59 (0.48–0.66)"]
 */
export function shapleyTable(
  law: TwoTermLaw,
  replicateLaws: TwoTermLaw[],
  caption: string,
  published: [string, string, number, number, number, number][],
): TableSpec {
  const pub = new Map(published.map(([a, b, ...s]) => [`${a}→${b}`, s]));
  return {
    caption,
    columns: [
      "earlier → later",
      "N",
      "D",
      "param. eff.",
      "data eff.",
      "compute share (95 % CI)",
      "published N / D / p.e. / d.e.",
    ],
    rows: referencePairs().map(([a, b]) => {
      const d = decompose(law, a, b);
      const ci = interval95(replicateLaws.map((l) => decompose(l, a, b).computeShare));
      const p = pub.get(`${a.label}→${b.label}`);
      return [
        `${a.label} → ${b.label}`,
        ...d.shares.map((s) => Number(s.toFixed(3))),
        withInterval(d.computeShare, ci.p2_5, ci.p97_5, (x) => fixed(x, 2)),
        p ? p.join(" / ") : "",
      ];
    }),
  };
}

/**
 * Predicted log-perplexity of each reference system under a law, next to the published predictions (§8 P2).
 *
 * @example
 * const law = absoluteModel7(namedParams(fit), norm);
 * const table = referencePredictionTable(law, "Reference systems under our fit.", published.P2);
 * table.rows[0]; // → ["RNN (2012)", "6.00e+6", "9.29e+5", "2012-12-01", 4.520, 91.88, 4.434]
 */
export function referencePredictionTable(
  law: TwoTermLaw,
  caption: string,
  published: Record<string, number>,
  systems: ReferenceSystem[] = REFERENCE_SYSTEMS,
): TableSpec {
  return {
    caption,
    columns: ["system", "N", "D", "date", "predicted ŷ", "predicted perplexity", "published ŷ"],
    rows: systems.map((s) => {
      const y = predictTwoTerm(law, s.N, s.D, s.t);
      return [
        s.label,
        scientific(s.N, 2),
        scientific(s.D, 2),
        s.date,
        Number(y.toFixed(3)),
        Number(Math.exp(y).toFixed(2)),
        published[s.label] ?? null,
      ];
    }),
  };
}

/**
 * Iso-loss frontiers (parameters needed against data) at one loss for several years (§5.6).
 *
 * @example
 * const law = absoluteModel7(namedParams(fit), norm);
 * const fig = frontierFigure(law, Math.log(17.48), [2016, 2020, 2024], 4e6, 4e12, "Iso-loss frontiers by year.");
 * fig.layout.title; // → { text: "Iso-loss frontiers at perplexity 17.48" }
 * fig.data.length; // → 3
 */
export function frontierFigure(
  law: TwoTermLaw,
  L: number,
  years: number[],
  Dmin: number,
  Dmax: number,
  caption: string,
  label?: string,
): Figure {
  return {
    data: years.map((y, k) => {
      const pts = isoLossFrontier(law, L, y, Dmin, Dmax);
      return {
        type: "scatter",
        mode: "lines",
        name: String(y),
        x: pts.map((p) => p.D),
        y: pts.map((p) => p.N),
        line: { color: `hsl(${220 - (180 * k) / Math.max(1, years.length - 1)}, 60%, 40%)` },
      };
    }),
    layout: baseLayout(
      `Iso-loss frontiers at perplexity ${fixed(Math.exp(L), 2)}`,
      caption,
      {
        xaxis: { type: "log", title: { text: "training tokens D" } },
        yaxis: { type: "log", title: { text: "parameters N needed" } },
      },
      label,
    ),
  };
}

/**
 * Effective-compute multiplier exp((g_N + g_D)(t − t_ref)) over time with a bootstrap band (§5.4).
 *
 * @example
 * const rates = boot.replicates.map((r) => Math.LN2 / r.TC);
 * const fig = effectiveComputeFigure(rates, 2014, [2014, 2016, 2018], "Effective-compute multiplier since 2014.");
 * // the median multiplier
 * fig.data[2].y; // → [1, 5.94, 35.3]
 */
export function effectiveComputeFigure(
  rates: number[],
  tRef: number,
  years: number[],
  caption: string,
  label?: string,
): Figure {
  const band = years.map((t) => interval95(rates.map((g) => Math.exp(g * (t - tRef)))));
  return {
    data: [
      {
        type: "scatter",
        mode: "lines",
        name: "97.5 %",
        x: years,
        y: band.map((b) => b.p97_5),
        line: { width: 0 },
        showlegend: false,
      },
      {
        type: "scatter",
        mode: "lines",
        name: "95 % interval",
        x: years,
        y: band.map((b) => b.p2_5),
        fill: "tonexty",
        fillcolor: "rgba(31,78,121,0.2)",
        line: { width: 0 },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "median",
        x: years,
        y: band.map((b) => b.p50),
        line: { color: "#1f4e79" },
      },
    ],
    layout: baseLayout(
      "Effective compute from algorithmic progress",
      caption,
      { xaxis: { title: { text: "year" } }, yaxis: { type: "log", title: { text: `multiplier relative to ${tRef}` } } },
      label,
    ),
  };
}

/**
 * Compute-equivalent gain of Chinchilla-optimal over Kaplan-optimal allocation against budget (§5.15).
 *
 * @example
 * const points = [{ C: 1e19, ceg: published.B1.at1e19 }, { C: 1e25, ceg: published.B1.at1e25 }];
 * const fig = allocationFigure(kaplanVsChinchilla(), "Chinchilla-optimal over Kaplan-optimal allocation.", points);
 * // the gain at 1e25 FLOP (published: 4.33)
 * fig.data[0].y.at(-1); // → 4.65
 */
export function allocationFigure(
  grid: { C: number; ceg: number }[],
  caption: string,
  published: { C: number; ceg: number }[],
  label?: string,
): Figure {
  return {
    data: [
      {
        type: "scatter",
        mode: "lines+markers",
        name: "computed (exact)",
        x: grid.map((g) => g.C),
        y: grid.map((g) => g.ceg),
        line: { color: "#1f4e79" },
      },
      {
        type: "scatter",
        mode: "markers",
        name: "published (§8 B1)",
        x: published.map((p) => p.C),
        y: published.map((p) => p.ceg),
        marker: { symbol: "x", size: 10, color: "#c55a11" },
      },
    ],
    layout: baseLayout(
      "Gain from Chinchilla-optimal allocation",
      caption,
      {
        xaxis: { type: "log", title: { text: "training compute (FLOP)" } },
        yaxis: { title: { text: "compute-equivalent gain" } },
      },
      label,
    ),
  };
}

/**
 * The stylised contributions-to-effective-compute figure (§5.4), log2 multipliers shown as factors.
 *
 * @example
 * const c = effectiveComputeContributions({ algorithmicDoublingMonths: 8 });
 * const fig = contributionsFigure(c, "Stylised contributions to effective compute.");
 * // nine years at one doubling every 8 months: 2^(108/8)
 * fig.data[1].y.at(-1); // → 11585.2
 */
export function contributionsFigure(
  c: { t: number[]; physical: number[]; algorithmic: number[]; effective: number[] },
  caption: string,
  label?: string,
): Figure {
  const line = (name: string, ys: number[], color: string, dash?: string) => ({
    type: "scatter",
    mode: "lines",
    name,
    x: c.t,
    y: ys.map((v) => 2 ** v),
    line: { color, dash },
  });
  return {
    data: [
      line("physical compute", c.physical, "#7030a0"),
      line("algorithmic progress", c.algorithmic, "#548235"),
      line("effective compute", c.effective, "#1f4e79", "dash"),
    ],
    layout: baseLayout(
      "Contributions to effective compute (stylised)",
      caption,
      {
        xaxis: { title: { text: "year" } },
        yaxis: { type: "log", title: { text: `multiplier relative to ${c.t[0]}` } },
      },
      label,
    ),
  };
}
