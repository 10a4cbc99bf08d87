export * from "./data.js";
export * from "./models.js";
export * from "./optimizer.js";
export * from "./estimators.js";
export * from "./clustered.js";
export * from "./identification.js";
export * from "./slsqp.js";
export * from "./faithful.js";
