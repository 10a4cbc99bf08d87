import { type CvScore, pairedDifference } from "../cv/crossval.js";
import type { Aggregate } from "../cv/aggregate.js";
import { type Figure, baseLayout } from "./plotly.js";
import type { TableSpec } from "./table.js";
import { fixed, NOT_FINITE, scientific, significant, withInterval } from "../util/format.js";

/**
 * Heatmap of held-out MSE over models (rows) × penalties (columns).
 *
 * @example
 * const scores = await cvGrid(data, { protocol: "as-run", models: ["7", "16"], deltas: [0.0025], threads: 1 });
 * cvHeatmap(scores, "Held-out MSE by model and penalty.").data[0].y; // → ["model 7", "model 16"]
 */
export function cvHeatmap(scores: CvScore[], caption: string, label?: string): Figure {
  const models = [...new Set(scores.map((s) => s.model))].sort((a, b) => Number(a) - Number(b));
  const deltas = [...new Set(scores.map((s) => s.delta))].sort((a, b) => a - b);
  // log10 scale: one failing specification would otherwise flatten every other contrast.
  const mse = models.map((m) => deltas.map((d) => scores.find((s) => s.model === m && s.delta === d)?.mse ?? null));
  const z = mse.map((row) => row.map((v) => (v !== null && v > 0 ? Math.log10(v) : null)));
  return {
    data: [
      {
        type: "heatmap",
        x: deltas.map(String),
        y: models.map((m) => `model ${m}`),
        z,
        customdata: mse,
        colorscale: "Viridis",
        reversescale: true,
        colorbar: { title: { text: "log10 MSE" } },
        hovertemplate: "%{y}, δ = %{x}: MSE %{customdata:.5f}<extra></extra>",
      },
    ],
    layout: baseLayout(
      "Held-out MSE by model and penalty",
      caption,
      {
        height: 560,
        xaxis: { title: { text: "δ" }, type: "category" },
        yaxis: { autorange: "reversed", type: "category" },
      },
      label,
    ),
  };
}

/**
 * The ranking with a paired comparison against the best: the MSE difference and its standard
 * error over rows, and whether the difference is within noise (|diff| < 2 SE).
 *
 * @example
 * const scores = await cvGrid(data, { protocol: "as-run", models: ["7", "16"], deltas: [0.0025], threads: 1 });
 * const table = cvRankTable(rankScores(scores), 2, "The best specifications.");
 * table.rows[1]; // → [2, "16", 0.0025, "0.070744", "0.8656", "1.64e-2", "4.31e-3", "no"]
 */
export function cvRankTable(
  ranked: CvScore[],
  n: number,
  caption: string,
  published?: Record<string, number[]>,
  grid?: number[],
): TableSpec {
  const best = ranked[0];
  return {
    caption,
    columns: [
      "rank",
      "model",
      "δ",
      "held-out MSE",
      "R²",
      "Δ vs best",
      "SE of Δ",
      "within noise of best?",
      ...(published ? ["published MSE"] : []),
    ],
    rows: ranked.slice(0, n).map((s, i) => {
      const p = i === 0 ? { diff: 0, se: 0 } : pairedDifference(best, s);
      const pub = published && grid ? (published[s.model]?.[grid.indexOf(s.delta)] ?? null) : null;
      return [
        i + 1,
        s.model,
        s.delta,
        significant(s.mse, 5),
        fixed(s.r2, 4),
        i === 0 ? NOT_FINITE : scientific(p.diff, 2),
        i === 0 ? NOT_FINITE : scientific(p.se, 2),
        i === 0 ? "best" : Math.abs(p.diff) < 2 * p.se ? "yes" : "no",
        ...(published ? [pub] : []),
      ];
    }),
    note:
      "Δ and its standard error come from the paired held-out squared errors of the same rows under both " +
      "specifications.",
  };
}

/**
 * Ranks of the leading pairs of one protocol under the other protocols.
 *
 * @example
 * const o = { models: ["7", "16"], deltas: [0.0025], threads: 1 };
 * const asRun = rankScores(await cvGrid(data, { protocol: "as-run", ...o }));
 * const paper = rankScores(await cvGrid(data, { protocol: "paper", ...o }));
 * const table = protocolTable({ "as-run": asRun, paper }, "as-run", 2, "Ranks under two protocols.");
 * table.rows; // → [["7", 0.0025, 1, 1], ["16", 0.0025, 2, 2]]
 */
export function protocolTable(
  byProtocol: Record<string, CvScore[]>,
  lead: string,
  n: number,
  caption: string,
): TableSpec {
  const key = (s: CvScore) => `${s.model}/${s.delta}`;
  const ranks = Object.fromEntries(
    Object.entries(byProtocol).map(([p, ranked]) => [p, new Map(ranked.map((s, i) => [key(s), i + 1]))]),
  );
  const protocols = Object.keys(byProtocol);
  return {
    caption,
    columns: ["model", "δ", ...protocols.map((p) => `rank (${p})`)],
    rows: byProtocol[lead]
      .slice(0, n)
      .map((s) => [s.model, s.delta, ...protocols.map((p) => ranks[p].get(key(s)) ?? null)]),
  };
}

/**
 * Per-pair medians of the numerical doubling time and the pooled estimate (§5.3).
 *
 * @example
 * const agg = await aggregateDoubling(data, norm, [{ model: "7", delta: 0.0025 }], { B: 5, seed: 0 });
 * const table = aggregateTable(agg, "Numerical doubling times.", published.AGGREGATE_TOP10);
 * table.rows[1]; // → ["pooled", "", 5, "", "11.67 (9.54–13.95)"]
 */
export function aggregateTable(
  agg: Aggregate,
  caption: string,
  published?: { p50: number; p2_5: number; p97_5: number },
): TableSpec {
  return {
    caption,
    columns: ["model", "δ", "values", "failed replicates", "median Δ (months)"],
    rows: [
      ...agg.pairs.map((p) => [p.model, p.delta, p.values, p.failed, p.median] as (string | number)[]),
      [
        "pooled",
        "",
        agg.values.length,
        "",
        withInterval(agg.months.p50, agg.months.p2_5, agg.months.p97_5, (x) => fixed(x, 2)),
      ],
      ...(published
        ? [["published (§8 H6)", "", "", "", `${published.p50} (${published.p2_5}–${published.p97_5})`]]
        : []),
    ],
    digits: 2,
  };
}
