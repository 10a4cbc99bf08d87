/** The worker thread the library starts: it serves the tasks of every task module (see `hostTasks`). */
import { hostTasks } from "./workers.js";

hostTasks();
