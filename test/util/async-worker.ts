/** Test tasks for the pool: answer after a promise settles, reject, or return what cannot be sent. */
import type { TaskSetup } from "../../src/util/workers.js";

export const tasks: TaskSetup = (shared: { mode: "async" | "reject" | "function" }) => (id) => {
  if (shared.mode === "async") return new Promise((done) => setTimeout(() => done(2 * id), 5 - id));
  if (shared.mode === "reject") return Promise.reject(new Error(`no task ${id}`));
  return () => id;
};
