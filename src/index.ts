/** algoprogress: the shared library behind the notebooks, the CLI and the report. */
export * from "./data/index.js";
export * from "./notebook/index.js";
export * from "./figures/index.js";
export { escapeHtml } from "./util/html.js";
export * from "./attribution/index.js";
export * as published from "./published.js";
export * from "./numeric/scalar.js";
export * from "./fit/index.js";
export * from "./inference/index.js";
export * from "./random/index.js";
export * from "./stats/index.js";
export * from "./progress/index.js";
export * from "./cv/index.js";
export * from "./extensions/index.js";
export * from "./robustness/index.js";
