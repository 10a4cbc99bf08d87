export * from "./bootstrap.js";
