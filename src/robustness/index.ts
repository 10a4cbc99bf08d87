export * from "./checks.js";
export * from "./halving.js";
export * from "./spec-curve.js";
export * from "./direct.js";
