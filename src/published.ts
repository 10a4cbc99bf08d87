/**
 * Published values (docs/method.md §8) that notebooks print next to our estimates and tests check
 * formulas against. These are the comparison targets, never substitutes for computed results.
 */
import { frozen } from "./util/frozen.js";

/** §8 M7: model 7 full-sample estimates, δ = 0.0025, head sample (J* = 0.0518129). */
export const M7 = {
  alpha_const: 0.912701,
  alpha_const_ptb: 0.000379,
  alpha_const_wt2: 0.055412,
  alpha_year: 0.003938,
  alpha_param: 0.067982,
  beta_const: 0.771409,
  beta_const_ptb: 0.176415,
  beta_const_wt2: 0.095418,
  beta_year: 0.03562,
  beta_data: 0.039587,
};

/** §8 T1: transformer-γ fit (model 7 + γ_T). */
export const T1 = {
  alpha_const: 0.506028,
  alpha_const_ptb: 0.029609,
  alpha_const_wt2: 0.00001,
  alpha_year: -0.035037,
  alpha_param: 0.079008,
  beta_const: 1.102722,
  beta_const_ptb: 0.10708,
  beta_const_wt2: 0.11155,
  beta_year: 0.055229,
  beta_data: 0.028882,
  gamma_T: 2.971978,
};

/** §8 P2: predicted ŷ of the nine reference systems under the M7 full fit. */
export const P2: Record<string, number> = {
  "RNN (2012)": 4.434,
  "LSTM (2016)": 3.708,
  "Transformer (Adaptive Input Embeddings)": 3.186,
  "Transformer-XL Large": 3.165,
  "GPT-2 (1542M)": 2.771,
  "Megatron-LM (8.3B)": 2.462,
  "GPT-3": 2.08,
  "Gopher (280B)": 2.006,
  Chinchilla: 2.046,
};

/** §8 P3: printed Shapley shares N / D / parameter efficiency / data efficiency, earlier → later. */
export const P3: [string, string, number, number, number, number][] = [
  ["RNN (2012)", "LSTM (2016)", 0.127, 0.465, 0.049, 0.359],
  ["RNN (2012)", "Transformer (Adaptive Input Embeddings)", 0.408, 0.263, 0.037, 0.292],
  ["RNN (2012)", "GPT-2 (1542M)", 0.429, 0.325, 0.028, 0.218],
  ["RNN (2012)", "GPT-3", 0.486, 0.324, 0.021, 0.168],
  ["RNN (2012)", "Chinchilla", 0.447, 0.329, 0.027, 0.197],
  ["LSTM (2016)", "Transformer (Adaptive Input Embeddings)", 0.793, 0.0, 0.027, 0.181],
  ["LSTM (2016)", "GPT-2 (1542M)", 0.658, 0.212, 0.017, 0.113],
  ["LSTM (2016)", "GPT-3", 0.641, 0.252, 0.014, 0.093],
  ["LSTM (2016)", "Chinchilla", 0.582, 0.264, 0.021, 0.133],
  ["Transformer (Adaptive Input Embeddings)", "GPT-2 (1542M)", 0.487, 0.463, 0.006, 0.043],
  ["Transformer (Adaptive Input Embeddings)", "GPT-3", 0.568, 0.359, 0.008, 0.064],
  ["GPT-2 (1542M)", "Megatron-LM (8.3B)", 0.549, 0.362, 0.011, 0.078],
  ["GPT-2 (1542M)", "GPT-3", 0.617, 0.301, 0.01, 0.072],
  ["GPT-2 (1542M)", "Chinchilla", 0.487, 0.331, 0.023, 0.159],
  ["Megatron-LM (8.3B)", "GPT-3", 0.672, 0.252, 0.009, 0.067],
  ["GPT-3", "Gopher (280B)", 0.471, -0.258, 0.089, 0.698],
  ["GPT-3", "Chinchilla", -2.084, 1.093, 0.242, 1.749],
  ["Gopher (280B)", "Chinchilla", 2.654, -1.376, -0.034, -0.244],
];

/** §8 P5: reduction in predicted perplexity. */
export const P5 = { "RNN (2012)→Chinchilla": 76.54, "GPT-2 (1542M)→GPT-3": 7.976 };

/** §8 headline values. */
export const HEADLINE = {
  /** H2: model 7, δ 0.0025, analytic T_C, 100 bootstraps: median and 95 % CI, months. */
  computeHalvingMonths: { p50: 8.44, p2_5: 4.52, p97_5: 14.27 },
  /** H1: paper abstract. */
  abstract: { months: 8, ciLow: 5, ciHigh: 14 },
};

/** §8 B1/B2: Chinchilla-vs-Kaplan allocation CEG. */
export const B1 = { at1e19: 1.14, at1e25: 4.33, at1_2e21: 1.58, at2_7e23: 2.7, at3e24: 3.61 };
export const B2 = { gpt3: 2.9, palm: 3.64 };

/** §8 T2–T5: transformer CEG (median, 95 % CI) and % reduction of predicted log-perplexity. */
export const TRANSFORMER = {
  ceg1e22: [6.64, 3.21, 28.19],
  ceg1e25: [7.16, 3.27, 45.66],
  reductionPct: [4.6, 2.95, 7.04],
};

/** §6.3 (§8 C2): the authors' LOO MSE grid on their 184-row pool, δ ∈ {0, 0.001, 0.0025, 0.005, 0.01, 0.02}. */
export const CV_GRID: Record<string, number[]> = {
  1: [0.05304, 0.05309, 0.05308, 0.05295, 0.05281, 0.05231],
  2: [0.05371, 0.0537, 0.05393, 0.05852, 0.0586, 0.05921],
  3: [0.05294, 0.0529, 0.05262, 0.05249, 0.05235, 0.05222],
  4: [0.05118, 0.0512, 0.05114, 0.05134, 0.05227, 0.05199],
  5: [0.05011, 0.0501, 0.05004, 0.05015, 0.05007, 0.05113],
  6: [0.05034, 0.05021, 0.05018, 0.0503, 0.05049, 0.05162],
  7: [0.05049, 0.05028, 0.04856, 0.04952, 0.04892, 0.0492],
  8: [0.05006, 0.04953, 0.04975, 0.0487, 0.05208, 0.0525],
  9: [0.0505, 0.04996, 0.05097, 0.05042, 0.04963, 0.04925],
  10: [0.04964, 0.04848, 0.049, 0.04913, 0.05009, 0.05105],
  11: [0.05281, 0.05186, 0.05196, 0.0523, 0.05101, 0.05127],
  12: [0.04946, 0.04997, 0.04939, 0.0492, 0.05012, 0.04897],
  13: [0.05227, 0.05267, 0.0507, 0.05028, 0.05005, 0.05018],
  14: [0.06314, 0.06377, 0.0652, 0.06359, 0.06302, 0.06336],
  15: [0.05068, 0.04975, 0.04937, 0.04884, 0.04862, 0.04921],
  16: [0.06599, 0.06663, 0.06701, 0.06486, 0.06431, 0.0631],
  17: [0.06427, 0.06472, 0.06537, 0.06475, 0.06421, 0.06411],
  18: [0.72048, 0.72084, 0.72198, 0.72421, 0.72828, 0.73591],
  19: [0.05117, 0.05009, 0.05019, 0.04969, 0.04902, 0.04859],
  20: [0.05095, 0.05045, 0.05018, 0.05009, 0.04939, 0.0498],
};

/** §8 H6: aggregated top-10 numerical T_C, months (median, 2.5 %, 97.5 %). */
export const AGGREGATE_TOP10 = { p50: 7.92, p2_5: 1.42, p97_5: 17.06 };

// Read-only: a notebook that changed a published value would change it for the notebooks run after
// it in the same process (src/util/frozen.ts).
for (const v of [M7, T1, P2, P3, P5, HEADLINE, B1, B2, TRANSFORMER, CV_GRID, AGGREGATE_TOP10]) frozen(v);
