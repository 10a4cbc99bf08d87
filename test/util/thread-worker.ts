/** Test tasks for the pool: answer each task with the id of the thread that ran it. */
import { threadId } from "node:worker_threads";
import type { TaskSetup } from "../../src/util/workers.js";

export const tasks: TaskSetup = () => () => threadId;
