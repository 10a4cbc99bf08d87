import { existsSync } from "node:fs";
import { UsageError } from "../util/errors.js";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../util/atomic.js";
import { type Notebook, cellSource, readNotebook } from "./format.js";
import { createTslabSession } from "./tslab.js";
import { fixed } from "../util/format.js";

/** Progress messages a notebook process sends its runner (over IPC) or prints (standalone). */
export type ChildMessage =
  | { type: "cell"; index: number; total: number; ok: boolean; seconds: number }
  | {
      type: "done";
      ok: boolean;
      seconds: number;
      failed?: { index: number; source: string; ename: string; evalue: string };
    };

/** What a runner (src/notebook/run.ts) sends a serving process: a notebook to run, or the end. */
export type RunMessage = { type: "run"; notebook: string; out: string; env: Record<string, string> } | { type: "end" };

/**
 * Execute every code cell of one notebook, in order, in this process, and write the executed
 * notebook (outputs included) to `out`. Stops at the first failing cell; the partial notebook then
 * goes to `out` with `.failed.ipynb` in place of `.ipynb`, so a stale-but-good file is never
 * overwritten by a broken one.
 */
export async function executeNotebook(file: string, out: string, send: (m: ChildMessage) => void): Promise<boolean> {
  const started = performance.now();
  const nb: Notebook = readNotebook(file);
  const code = nb.cells.filter((c) => c.cell_type === "code");
  const session = createTslabSession(dirname(file), code.map(cellSource));
  let count = 0;
  let failed: Extract<ChildMessage, { type: "done" }>["failed"];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    const t0 = performance.now();
    const r = await session.run(cellSource(cell));
    count++;
    cell.outputs = r.outputs;
    cell.execution_count = count;
    for (const o of r.outputs) if (o.output_type === "execute_result") o.execution_count = count;
    send({ type: "cell", index: count, total: code.length, ok: r.ok, seconds: (performance.now() - t0) / 1000 });
    if (!r.ok) {
      failed = { index: count, source: cellSource(cell), ename: r.error!.ename, evalue: r.error!.evalue };
      break;
    }
  }
  // Cells after a failure keep no stale outputs.
  if (failed) {
    for (const c of code.slice(count)) {
      c.outputs = [];
      c.execution_count = null;
    }
  }
  session.close();
  writeFileAtomic(failed ? out.replace(/\.ipynb$/, "") + ".failed.ipynb" : out, JSON.stringify(nb, null, 1) + "\n");
  send({ type: "done", ok: !failed, seconds: (performance.now() - started) / 1000, failed });
  return !failed;
}

/**
 * `algoprogress notebook FILE.ipynb [--out FILE]`: execute one notebook. With `--serve` (started
 * by a `NotebookRunner`, over IPC): execute the notebooks it is sent, one after another, each with
 * its `env` set for its run, until told to end.
 */
export async function notebookCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: "string" }, serve: { type: "boolean" } },
    allowPositionals: true,
  });
  if (values.serve) {
    if (!process.send || positionals.length || values.out)
      throw new UsageError("notebook --serve takes no file: it is started by a report build, which sends them");
    return serve();
  }
  if (positionals.length !== 1) throw new UsageError("notebook takes exactly one .ipynb file");
  const file = resolve(positionals[0]);
  if (!existsSync(file)) throw new UsageError(`no such notebook: ${positionals[0]}`);
  const out = resolve(values.out ?? file.replace(/\.ipynb$/, ".executed.ipynb"));
  const ok = await executeNotebook(file, out, (m) => {
    if (m.type === "cell")
      process.stderr.write(`  cell ${m.index}/${m.total} ${m.ok ? "ok" : "FAILED"} (${fixed(m.seconds, 2)} s)\n`);
    else if (m.failed) process.stderr.write(`cell ${m.failed.index} failed: ${m.failed.ename}: ${m.failed.evalue}\n`);
  });
  // tslab keeps handles open (its compiler host): leave rather than wait for them.
  process.exit(ok ? 0 : 1);
}

/** Serve a runner: run each notebook it sends, in order; exit when it ends or goes. */
function serve(): Promise<number> {
  // Started by a report build that has gone (interrupted, killed): stop rather than run on unseen.
  // (If the build went while this process was starting, the channel is already closed.)
  process.on("disconnect", () => process.exit(129));
  if (!process.connected) process.exit(129);
  let queue = Promise.resolve();
  process.on("message", (m: RunMessage) => {
    if (m.type === "end") process.exit(0);
    queue = queue
      .then(async () => {
        // The notebook's variables for its run; after it, the environment is as before (whatever
        // the notebook itself set), so that the next notebook starts from the same one.
        const saved = { ...process.env };
        Object.assign(process.env, m.env);
        try {
          await executeNotebook(m.notebook, m.out, (msg) => process.send!(msg));
        } finally {
          for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
          Object.assign(process.env, saved);
        }
      })
      .catch((e: unknown) => {
        // Not a cell's error (those are in the notebook): the runner sees the process exit.
        process.stderr.write(`${m.notebook}: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
      });
  });
  // Runs until the runner ends it.
  return new Promise(() => {});
}
