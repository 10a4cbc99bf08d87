export * from "./percentile.js";
export * from "./pairwise.js";
