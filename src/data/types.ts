/** Benchmarks of the analysis (docs/method.md §0): WikiText-103 is the base, PTB and WT2 get dummies. */
export type Benchmark = "wt103" | "wt2" | "ptb";

/** The three benchmarks in the stacking order of docs/method.md §1.3 step 11. */
export const BENCHMARKS: readonly Benchmark[] = ["wt103", "wt2", "ptb"];

/**
 * One row of the long-format table: one (system, benchmark) evaluation after cleaning
 * (docs/method.md §1.3). Sizes are raw counts, dates are fractional years (§1.3 step 4).
 */
export interface EvalRow {
  /** Sheet `System`. */
  system: string;
  /** Sheet `Reference` (paper title); defines "same paper". `null` when blank. */
  reference: string | null;
  /** Which benchmark this long-format row stands for. */
  benchmark: Benchmark;
  /** Publication date as written, normalised to YYYY-MM-DD. */
  date: string;
  /** Fractional year, t = year + (day_of_year − 1)/365 (§1.3 step 4). */
  t: number;
  /** Calendar year (sheet `Year` when present, else from the date). */
  year: number;
  /** Parameters N (count). */
  param: number;
  /** Training dataset size D (tokens). */
  dataset: number;
  /** Epochs E, `null` when missing or `UNK`. */
  epoch: number | null;
  /** Reported training compute in FLOP, `null` when missing. */
  trainingCompute: number | null;
  /** Perplexities of the system on each benchmark (`null` when not reported). */
  pplWt103: number | null;
  pplWt2: number | null;
  pplPtb: number | null;
  /** Combined perplexity: first of WT103, WT2, PTB (§1.3 step 9, docs/method.md Q1). */
  ppl: number;
  /** The perplexity of this row's own benchmark. */
  pplOwn: number;
  /** Regression target ln(perplexity): ln(ppl) as published (Q1), or ln(pplOwn) when corrected. */
  logPpl: number;
  /** PTB dummy P and WT2 dummy W (§0). */
  ptb: 0 | 1;
  wt2: 0 | 1;
  /** Transformer dummy T: 1 iff `Architecture` is exactly `Transformer` (§0). */
  transformer: 0 | 1;
  architecture: string;
  /** Vocabulary size, `null` when missing or `?`. */
  vocabulary: number | null;
  /** Sheet `Zero-shot?` (never used by the authors' filters, docs/method.md Q4). `null` when blank. */
  zeroShot: boolean | null;
  /** Sheet `uncertain` flag as parsed (0/1, `null` when blank). */
  uncertain: 0 | 1 | null;
  /** 1-based line number of the system's row in the source file (header is line 1). */
  sourceLine: number;
  /** Every column of the source row, verbatim, including extra columns (metadata). */
  meta: Record<string, string>;
}
