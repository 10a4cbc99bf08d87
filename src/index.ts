/**
 * algoprogress: the public API the notebooks, scripts and the report use, grouped by topic.
 * Modules not listed here (optimizer internals, workers, the CLI) are internal.
 *
 * Every exported function carries an `@example`; test/index.test.ts runs them all with this API in
 * scope and these fixtures: `data` (the embedded reproduction sample, `fitDataFromRows`), `norm`
 * (its normalisation), `design` (model 7's design), `y` (data.y), `fit` (a faithful model-7 fit,
 * δ = 0.0025), `theta` (fit.theta) and `boot` (a 20-replicate row bootstrap of it, seed 0). A line
 * ending in `// → value` is checked: the expression (or the constant it declares) equals the value
 * to the digits written.
 */

// Data: loading, cleaning, checks (docs/method.md §1)
export { checkDatasetFile, type Coverage } from "./data/check.js";
export { cleanSheet, type SampleName, SAMPLES } from "./data/clean.js";
export { type LoadedData, loadEvaluations } from "./data/load.js";
export { type EvalRow } from "./data/types.js";

// Notebook parameters and recorded values
export { cellProgress, type NotebookParams, notebookParams, recordInterval, recordValues } from "./notebook/params.js";
export { showFigure } from "./notebook/display.js";

// Models and estimators (§2, §3)
export {
  type FitData,
  fitDataFromRows,
  fitDataFromTable,
  type Normalisation,
  normalisationOf,
  subset,
  withDataset,
} from "./fit/data.js";
export { buildDesign } from "./fit/design.js";
export {
  type EstimatorName,
  ESTIMATORS,
  fitDesign,
  fitModel,
  type FitOptions,
  type FitResult,
  namedParams,
} from "./fit/estimators.js";
export { predict } from "./fit/evaluate.js";
export { faithfulObjective } from "./fit/faithful.js";
export { dataSizeSupport } from "./fit/identification.js";
export { MODEL_IDS } from "./fit/model-family.js";
export { model } from "./fit/models.js";
export { slsqp } from "./fit/slsqp.js";

// Inference (§4)
export { bootstrap, type BootstrapResult, resamples } from "./inference/bootstrap.js";
export { bootstrapDoublings, type BootstrapDoublings, type ContextDoublings } from "./inference/doublings.js";

// Doubling times (§5.1–§5.3)
export { doublingTimes, numericalDoublings, pointPredictor } from "./progress/doubling.js";
export { type RateSummary, summariseRates } from "./progress/rates.js";

// Statistics
export { pairwiseSum } from "./stats/pairwise.js";
export { interval95, medianIntervalText, percentile } from "./stats/percentile.js";

// Random numbers (NumPy-compatible MT19937)
export { mt19937 } from "./random/mt19937.js";

// Attribution (§5.4–§5.7, §5.15)
export { allocationGain, kaplanVsChinchilla } from "./attribution/allocation.js";
export { effectiveComputeContributions } from "./attribution/effective.js";
export { decomposeModel } from "./attribution/general.js";
export { REFERENCE_SYSTEMS } from "./attribution/reference-systems.js";
export { transformerGain } from "./attribution/transformer.js";
export {
  absoluteModel13,
  absoluteModel7,
  computeShareSummary,
  decompose,
  solveIntercepts,
} from "./attribution/two-term.js";

// Model comparison (§6)
export { aggregateDoubling } from "./cv/aggregate.js";
export { DELTA_GRID, pairedDifference, rankScores, spearman, topPairs } from "./cv/crossval.js";
export { cvGrid } from "./cv/grid.js";

// Robustness checks (§5.8–§5.16)
export {
  accelerationVerdict,
  paperInfluence,
  runChecks,
  shareProgressPositive,
  yearDummySplit,
} from "./robustness/checks.js";
export { directHalving } from "./robustness/direct.js";
export { specGrid, specificationCurve, summariseCurve } from "./robustness/spec-curve.js";

// Extensions (§7)
export {
  type ComputeMeasure,
  type FrontierComparison,
  frontierComparisons,
  modelCegCurve,
  PERIODS,
} from "./extensions/comparisons.js";
export { CHINCHILLA_ALPHA_C, type ComputeOptimal, computeOptimal } from "./extensions/compute-exponent.js";
export { paretoFrontier } from "./extensions/frontier-ceg.js";
export { alphaProfile, bootstrapSaturating, fitSaturating } from "./extensions/saturating.js";

// Figures and tables
export {
  allocationFigure,
  contributionsFigure,
  effectiveComputeFigure,
  frontierFigure,
  referencePredictionTable,
  shapleyTable,
} from "./figures/attribution.js";
export { aggregateTable, cvHeatmap, cvRankTable, protocolTable } from "./figures/cv.js";
export {
  cleaningLogSummary,
  cleaningLogTable,
  coverageTable,
  extensionTable,
  missingEvaluationsTable,
  predictionMismatchTable,
  sampleSummary,
  stagesTable,
} from "./figures/data-tables.js";
export { perplexityOverTime, sizesOverTime, sourceCoverageFigure, targetAgreementFigure } from "./figures/data.js";
export { cegCurveFigure, frontierTable } from "./figures/extensions.js";
export {
  actualVsPredicted,
  dataSupportTable,
  doublingHistograms,
  doublingSummaryTable,
  estimatorTable,
  parameterTable,
  type SampleHeadline,
  sampleHeadlineTable,
} from "./figures/fit.js";
export { PLOTLY_MIME } from "./figures/plotly.js";
export { checksTable, specCurveFigure } from "./figures/robustness.js";
export {
  gainScaleFigure,
  headlineVariantsTable,
  outOfTimeTable,
  profileFigure,
  ridgeFigure,
  selectionBiasFigure,
} from "./figures/identify.js";
export { tableHtml } from "./figures/table.js";

// What the data identify (docs/method.md §10)
export { choiceShare, type HeadlineVariant, headlineVariants } from "./identify/headline.js";
export { type OutOfTimeScore, outOfTime } from "./identify/out-of-time.js";
export {
  type HalvingProfile,
  halvingProfile,
  PROFILE_DEVIANCE_95,
  type RidgeGrid,
  ridgeGrid,
} from "./identify/profile.js";
export { GAIN_BUDGETS, type GainAtScale, gainByScale, summariseGainByScale } from "./identify/scale.js";
export { type SelectionBiasRow, selectionBias } from "./identify/selection.js";

// Utilities: escaping, and how numbers are written (tables, figures, prose)
export { escapeHtml } from "./util/html.js";
export { compact, fixed, prose, range, scientific, significant, withInterval } from "./util/format.js";

// Published values of Ho et al. (2024) (docs/method.md §8)
export * as published from "./published.js";
