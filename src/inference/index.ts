export * from "./bootstrap.js";
export * from "./doublings.js";
