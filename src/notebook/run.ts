import { type ChildProcess, fork } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { onInterrupt } from "../util/interrupt.js";
import type { ChildMessage, RunMessage } from "./child.js";

/** Outcome of executing one notebook in a runner process. */
export interface NotebookRun {
  ok: boolean;
  seconds: number;
  /** Set when a cell failed: 1-based code-cell number, its first lines and the error. */
  failed?: { index: number; source: string; ename: string; evalue: string };
  /** Set when the process died or timed out without reporting. */
  crash?: string;
}

/** How one notebook is run: its parameters and limits. */
export interface NotebookRunOptions {
  /**
   * Variables the notebook sees in `process.env` (parameters, where to record values), set for
   * its run only. Worker threads it starts keep the values they started with, and a runner's
   * worker threads outlive its notebooks: variables they read must be the same for every
   * notebook of a runner (in a build, the parameters and the result cache are).
   */
  env?: Record<string, string>;
  /** Wall-clock limit in seconds (default 600): then the process is killed. */
  timeoutSeconds?: number;
  /** Progress after each cell. */
  onCell?: (m: Extract<ChildMessage, { type: "cell" }>) => void;
}

// Under tsx (tests) this module is a .ts file and so is the CLI it forks.
const FROM_SOURCE = import.meta.url.endsWith(".ts");
const CLI = fileURLToPath(new URL(`../cli/main.${FROM_SOURCE ? "ts" : "js"}`, import.meta.url));
const DEFAULT_TIMEOUT_SECONDS = 600;

/**
 * A Node process that executes notebooks one after another (`algoprogress notebook --serve`), so
 * that tslab's executor, the library and its worker threads start once rather than once per
 * notebook, most of a light notebook's run. Each notebook still gets its own tslab session: its own
 * cells, names and outputs. The process is started on the first run and again after a crash, a
 * timeout or a notebook in another folder (tslab's compiler, which some notebooks need, serves one
 * folder per process); `close` ends it.
 *
 * @example
 * const runner = new NotebookRunner();
 * const a = await runner.run("notebooks/01-data.ipynb", "out/01-data.ipynb", {});
 * const b = await runner.run("notebooks/02-core-model.ipynb", "out/02-core-model.ipynb", {});
 * runner.close();
 * [a.ok, b.ok]; // → [true, true]
 */
export class NotebookRunner {
  private child: ChildProcess | null = null;
  private dir = "";
  private busy = false;

  /** Execute `notebook` and write the executed copy to `out` (a failed one to `….failed.ipynb`). */
  run(notebook: string, out: string, opts: NotebookRunOptions = {}): Promise<NotebookRun> {
    if (this.busy) throw new Error("a NotebookRunner runs one notebook at a time");
    if (this.child && this.dir !== dirname(notebook)) this.close();
    const child = (this.child ??= this.start(dirname(notebook)));
    this.busy = true;
    const timeoutSeconds = opts.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    return new Promise((resolvePromise) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, timeoutSeconds * 1000);
      const finish = (r: NotebookRun) => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        child.off("error", onError);
        this.busy = false;
        resolvePromise(r);
      };
      const onMessage = (m: ChildMessage) => {
        if (m.type === "cell") opts.onCell?.(m);
        else if (m.type === "done") finish({ ok: m.ok, seconds: m.seconds, failed: m.failed });
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish({
          ok: false,
          seconds: NaN,
          crash: timedOut
            ? `timed out after ${timeoutSeconds} s`
            : `notebook process exited (${signal ?? `code ${code}`}) before finishing`,
        });
      // A process that could not start has no exit to wait for.
      const onError = (e: Error) => {
        if (child.pid === undefined)
          finish({ ok: false, seconds: NaN, crash: `notebook process failed to start: ${e.message}` });
      };
      child.on("message", onMessage);
      child.on("exit", onExit);
      child.on("error", onError);
      child.send({ type: "run", notebook, out, env: opts.env ?? {} } satisfies RunMessage);
    });
  }

  /** End the process (it exits at once when idle; a running notebook is stopped). */
  close(): void {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (this.busy || !child.connected) child.kill("SIGTERM");
    else child.send({ type: "end" } satisfies RunMessage);
  }

  private start(dir: string): ChildProcess {
    const child = fork(CLI, ["notebook", "--serve"], {
      execArgv: FROM_SOURCE ? ["--import", "tsx"] : [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.dir = dir;
    // Interrupted, the build stops this process too (and the process stops itself if the build dies).
    const release = onInterrupt(() => child.kill("SIGTERM"));
    // A message sent as the process dies fails here, and its exit, which follows, ends the run as a
    // crash; a process that could not start is forgotten (the next run tries again).
    child.on("error", () => {
      if (child.pid !== undefined) return;
      release();
      if (this.child === child) this.child = null;
    });
    child.on("exit", () => {
      release();
      if (this.child === child) this.child = null;
    });
    return child;
  }
}
