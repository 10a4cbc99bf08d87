/** Test worker for the pool: answers after a promise settles, rejects, or returns what cannot be sent. */
import { serveTasks } from "../../src/util/workers.js";

serveTasks((shared: { mode: "async" | "reject" | "function" }) => (id) => {
  if (shared.mode === "async") return new Promise((done) => setTimeout(() => done(2 * id), 5 - id));
  if (shared.mode === "reject") return Promise.reject(new Error(`no task ${id}`));
  return () => id;
});
