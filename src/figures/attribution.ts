import { REFERENCE_SYSTEMS, type ReferenceSystem, referencePairs } from "../attribution/reference-systems.js";
import { type TwoTermLaw, decompose, predictTwoTerm } from "../attribution/two-term.js";
import { isoLossFrontier } from "../attribution/frontier.js";
import { interval95 } from "../stats/percentile.js";
import { type Figure, baseLayout } from "./plotly.js";
import type { TableSpec } from "./table.js";

/**
 * Shapley shares of every reference pair: point estimate, bootstrap interval of the compute share, and the published
 * shares.
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
        `${d.computeShare.toFixed(2)} (${ci.p2_5.toFixed(2)}–${ci.p97_5.toFixed(2)})`,
        p ? p.join(" / ") : "",
      ];
    }),
  };
}

/** Predicted log-perplexity of each reference system under a law, next to the published predictions (§8 P2). */
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
        s.N.toExponential(2),
        s.D.toExponential(2),
        s.date,
        Number(y.toFixed(3)),
        Number(Math.exp(y).toFixed(2)),
        published[s.label] ?? null,
      ];
    }),
  };
}

/** Iso-loss frontiers (parameters needed against data) at one loss for several years (§5.6). */
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
      `Iso-loss frontiers at perplexity ${Math.exp(L).toFixed(2)}`,
      caption,
      {
        xaxis: { type: "log", title: { text: "training tokens D" } },
        yaxis: { type: "log", title: { text: "parameters N needed" } },
      },
      label,
    ),
  };
}

/** Effective-compute multiplier exp((g_N + g_D)(t − t_ref)) over time with a bootstrap band (§5.4). */
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

/** Compute-equivalent gain of Chinchilla-optimal over Kaplan-optimal allocation against budget (§5.15). */
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

/** The stylised contributions-to-effective-compute figure (§5.4), log2 multipliers shown as factors. */
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
