export * from "./doubling.js";
export * from "./intervals.js";
export * from "./rates.js";
