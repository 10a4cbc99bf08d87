import * as published from "../published.js";
import { significant } from "../util/format.js";

/**
 * One published quantity of docs/method.md §8 the build recomputes: where its value (and interval)
 * sits among the values the notebooks record, and the tolerance within which it counts as
 * reproduced — absolute, or relative with an absolute floor for parameters near zero.
 */
export interface ScoreSpec {
  id: string;
  quantity: string;
  published: number;
  /** Recorded value key; `<key>Low`/`<key>High` give the interval where the notebook records one. */
  key: string;
  tolerance: number;
  /** The tolerance is relative to the published value, never tighter than `floor` (absolute). */
  relative?: { floor: number };
}

/** A scored quantity as `scorecard.json` and the report's appendix show it. */
export interface ScoreRow {
  id: string;
  quantity: string;
  published: number;
  value: number | null;
  low: number | null;
  high: number | null;
  /** The absolute tolerance applied. */
  tolerance: number;
  pass: boolean;
  /** Why a quantity has no value (not computed in this build). */
  note?: string;
}

/** Tolerance on the 2.5 % and 97.5 % endpoints of bootstrap intervals (months). */
const ENDPOINT_MONTHS = 2;
/** Tolerance on bootstrap medians of halving times (months). */
const MEDIAN_MONTHS = 1;
/** Relative tolerance on parameter estimates (docs/method.md §8: about 2 % of the printed values), floor 0.002. */
const PARAMETER = { tolerance: 0.02, relative: { floor: 0.002 } };

const h2 = published.HEADLINE.computeHalvingMonths;
/** The quantities the scorecard checks, in §8 order. */
export const SCORECARD: ScoreSpec[] = [
  { id: "S1", quantity: "rows in the main sample", published: 231, key: "sampleRows", tolerance: 0 },
  {
    id: "S2",
    quantity: "transformer rows in the main sample",
    published: 104,
    key: "sampleTransformerRows",
    tolerance: 0,
  },
  {
    id: "H2",
    quantity: "halving time T_C, bootstrap median (months)",
    published: h2.p50,
    key: "tcBoot",
    tolerance: MEDIAN_MONTHS,
  },
  {
    id: "H2-low",
    quantity: "halving time T_C, 2.5 % (months)",
    published: h2.p2_5,
    key: "tcBootLow",
    tolerance: ENDPOINT_MONTHS,
  },
  {
    id: "H2-high",
    quantity: "halving time T_C, 97.5 % (months)",
    published: h2.p97_5,
    key: "tcBootHigh",
    tolerance: ENDPOINT_MONTHS,
  },
  {
    id: "H3",
    quantity: "doubling time of effective parameters T_N, median (years)",
    published: 0.98,
    key: "tnBoot",
    tolerance: 1,
  },
  {
    id: "H4",
    quantity: "doubling time of effective data T_D, median (years)",
    published: 0.67,
    key: "tdBoot",
    tolerance: 0.25,
  },
  {
    id: "H5",
    quantity: "numerical T_C at 1e25 FLOP, 2023, median (months)",
    published: 8.57,
    key: "numericalBoot",
    tolerance: MEDIAN_MONTHS,
  },
  {
    id: "H6",
    quantity: "aggregated top-10 numerical T_C, median (months)",
    published: published.AGGREGATE_TOP10.p50,
    key: "pooledMonths",
    tolerance: MEDIAN_MONTHS,
  },
  {
    id: "H7",
    quantity: "T_C at the full-sample estimate (months)",
    published: 8.68,
    key: "tcEstimate",
    tolerance: MEDIAN_MONTHS,
  },
  {
    id: "J7",
    quantity: "model-7 objective J* at the estimate",
    published: 0.0518129,
    key: "objective7",
    tolerance: 5e-4,
  },
  ...Object.entries(published.M7).map(([name, value]) => ({
    id: `M7-${name}`,
    quantity: `model 7 ${name}`,
    published: value,
    key: `m7_${name}`,
    ...PARAMETER,
  })),
  { id: "T1", quantity: "transformer γ_T", published: 2.971978, key: "gammaT", ...PARAMETER },
  {
    id: "T2",
    quantity: "transformer CEG at 1e22 FLOP, median (×)",
    published: published.TRANSFORMER.ceg1e22[0],
    key: "ceg1e22",
    tolerance: 3,
  },
  {
    id: "T3",
    quantity: "transformer CEG at 1e25 FLOP, median (×)",
    published: published.TRANSFORMER.ceg1e25[0],
    key: "ceg1e25",
    tolerance: 3,
  },
  {
    id: "T5",
    quantity: "reduction of predicted log perplexity by the transformer (%)",
    published: published.TRANSFORMER.reductionPct[0],
    key: "reductionPct",
    tolerance: 1,
  },
  {
    id: "Y3",
    quantity: "share of replicates with α_year + β_year > 0 (%)",
    published: 95.2,
    key: "progressPositive",
    tolerance: 5,
  },
  {
    id: "C1",
    quantity: "best specification of the cross-validation (model number)",
    published: 10,
    key: "cvBestModel",
    tolerance: 0,
  },
];

/**
 * Score the recorded values against the published ones: each quantity with its value, interval,
 * the absolute tolerance applied and whether |value − published| ≤ tolerance. A quantity this
 * build did not compute has value null and a note, and does not pass.
 */
export function scorecard(values: Record<string, number | string>, specs: ScoreSpec[] = SCORECARD): ScoreRow[] {
  const num = (key: string): number | null => {
    const v = values[key];
    const x = typeof v === "number" ? v : typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    return Number.isFinite(x) ? x : null;
  };
  return specs.map((s) => {
    const tolerance = s.relative ? Math.max(s.tolerance * Math.abs(s.published), s.relative.floor) : s.tolerance;
    const value = num(s.key);
    const row: ScoreRow = {
      id: s.id,
      quantity: s.quantity,
      published: s.published,
      value,
      low: num(`${s.key}Low`),
      high: num(`${s.key}High`),
      tolerance,
      pass: value !== null && Math.abs(value - s.published) <= tolerance + 1e-12,
    };
    if (value === null) row.note = s.key in values ? String(values[s.key]) : "not computed in this build";
    return row;
  });
}

/**
 * The scorecard as values for the report's prose (`{{key}}`): how many quantities, how many
 * reproduced, and the two lists, each entry "id (quantity: value against published)".
 */
export function scorecardValues(rows: ScoreRow[]): Record<string, number | string> {
  const short = (x: number) => String(Number(significant(x, 3)));
  const entry = (r: ScoreRow) =>
    `${r.id} (${r.quantity}: ${r.value === null ? "not computed" : short(r.value)} against ${short(r.published)})`;
  const list = (rs: ScoreRow[]) => (rs.length ? rs.map(entry).join("; ") : "none");
  return {
    scoreTotal: rows.length,
    scoreReproducedCount: rows.filter((r) => r.pass).length,
    scoreReproducedList: list(rows.filter((r) => r.pass)),
    scoreFailedList: list(rows.filter((r) => !r.pass)),
  };
}
