import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { onInterrupt } from "../util/interrupt.js";
import type { ChildMessage } from "./child.js";

/** Outcome of executing one notebook in its own process. */
export interface NotebookRun {
  ok: boolean;
  seconds: number;
  /** Set when a cell failed: 1-based code-cell number, its first lines and the error. */
  failed?: { index: number; source: string; ename: string; evalue: string };
  /** Set when the process died or timed out without reporting. */
  crash?: string;
}

// Under tsx (tests) this module is a .ts file and so is the CLI it forks.
const FROM_SOURCE = import.meta.url.endsWith(".ts");
const CLI = fileURLToPath(new URL(`../cli/main.${FROM_SOURCE ? "ts" : "js"}`, import.meta.url));

/**
 * Execute `notebook` in a fresh Node process (tslab allows one notebook per process) and write
 * the executed copy to `out`. `env` reaches the notebook (parameters). Progress per cell goes to
 * `onCell`. The process is killed after `timeoutSeconds` of wall-clock time.
 */
export function runNotebookProcess(
  notebook: string,
  out: string,
  opts: {
    env?: Record<string, string>;
    timeoutSeconds?: number;
    onCell?: (m: Extract<ChildMessage, { type: "cell" }>) => void;
  },
): Promise<NotebookRun> {
  return new Promise((resolvePromise) => {
    const child = fork(CLI, ["notebook", notebook, "--out", out], {
      env: { ...process.env, ...opts.env },
      execArgv: FROM_SOURCE ? ["--import", "tsx"] : [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    // Interrupted, the build stops this notebook too (and the child stops itself if the build dies).
    const release = onInterrupt(() => child.kill("SIGTERM"));
    let done: Extract<ChildMessage, { type: "done" }> | undefined;
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        child.kill("SIGKILL");
      },
      (opts.timeoutSeconds ?? 600) * 1000,
    );
    child.on("message", (m: ChildMessage) => {
      if (m.type === "cell") opts.onCell?.(m);
      else if (m.type === "done") done = m;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      release();
      if (done) return resolvePromise({ ok: done.ok && code === 0, seconds: done.seconds, failed: done.failed });
      const crash = timedOut
        ? `timed out after ${opts.timeoutSeconds ?? 600} s`
        : `notebook process exited (${signal ?? `code ${code}`}) before finishing`;
      resolvePromise({ ok: false, seconds: NaN, crash });
    });
  });
}
