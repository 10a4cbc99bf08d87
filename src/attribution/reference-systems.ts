import { fractionalYearEpoch } from "../data/dates.js";
import { frozen } from "../util/frozen.js";

/** A hand-entered reference system of the Shapley and frontier analyses (docs/method.md §5.5). */
export interface ReferenceSystem {
  label: string;
  /** Parameters. */
  N: number;
  /** Training tokens. */
  D: number;
  /** ISO date. */
  date: string;
  /** Fractional year by the days-since-1970 / 365.242199 convention (docs/method.md Q6). */
  t: number;
  ptb: 0 | 1;
  wt2: 0 | 1;
  transformer: 0 | 1;
}

const sys = (label: string, N: number, D: number, date: string, ptb: 0 | 1, transformer: 0 | 1): ReferenceSystem => {
  const [y, m, d] = date.split("-").map(Number);
  return { label, N, D, date, t: fractionalYearEpoch(y, m, d), ptb, wt2: 0, transformer };
};

/** The nine reference systems of §5.5, in the authors' order (earlier → later). */
export const REFERENCE_SYSTEMS: ReferenceSystem[] = frozen([
  sys("RNN (2012)", 6.0e6, 9.29e5, "2012-12-01", 0, 0),
  sys("LSTM (2016)", 1.1e7, 1.03e8, "2016-12-13", 0, 0),
  sys("Transformer (Adaptive Input Embeddings)", 2.47e8, 1.03e8, "2018-09-28", 0, 1),
  sys("Transformer-XL Large", 2.57e8, 1.03e8, "2019-01-09", 0, 1),
  sys("GPT-2 (1542M)", 1.5e9, 4.0e9, "2019-02-14", 0, 1),
  sys("Megatron-LM (8.3B)", 8.3e9, 4.64e10, "2019-09-17", 0, 1),
  sys("GPT-3", 1.75e11, 4.99e11, "2020-05-28", 0, 1),
  sys("Gopher (280B)", 2.8e11, 3.0e11, "2021-12-08", 0, 1),
  sys("Chinchilla", 7.0e10, 1.4e12, "2022-03-29", 0, 1),
]);

/** The alternative reference system of §5.5 (a PTB model). */
export const LARGE_REGULARIZED_LSTM = sys("Large regularized LSTM", 6.6e7, 9.29e5, "2014-09-08", 1, 0);

/** All ordered pairs (earlier, later) of the reference systems: 36 for nine systems. */
export function referencePairs(systems: ReferenceSystem[] = REFERENCE_SYSTEMS): [ReferenceSystem, ReferenceSystem][] {
  return systems.flatMap((a, i) => systems.slice(i + 1).map((b) => [a, b] as [ReferenceSystem, ReferenceSystem]));
}
