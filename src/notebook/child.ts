import { existsSync } from "node:fs";
import { UsageError } from "../util/errors.js";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../util/atomic.js";
import { type Notebook, cellSource, readNotebook } from "./format.js";
import { createTslabSession } from "./tslab.js";
import { fixed } from "../util/format.js";

/** Progress messages a notebook child sends to its parent (over IPC) or prints (standalone). */
export type ChildMessage =
  | { type: "cell"; index: number; total: number; ok: boolean; seconds: number }
  | {
      type: "done";
      ok: boolean;
      seconds: number;
      failed?: { index: number; source: string; ename: string; evalue: string };
    };

/**
 * Execute every code cell of one notebook, in order, in this process, and write the executed
 * notebook (outputs included) to `out`. Stops at the first failing cell; the partial notebook then
 * goes to `out` with `.failed.ipynb` in place of `.ipynb`, so a stale-but-good file is never
 * overwritten by a broken one.
 */
export async function executeNotebook(file: string, out: string, send: (m: ChildMessage) => void): Promise<boolean> {
  const started = performance.now();
  const nb: Notebook = readNotebook(file);
  const session = createTslabSession(dirname(file));
  const code = nb.cells.filter((c) => c.cell_type === "code");
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

/** `algoprogress notebook FILE.ipynb [--out FILE]`: execute one notebook (one per process). */
export async function notebookCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError("notebook takes exactly one .ipynb file");
  const file = resolve(positionals[0]);
  if (!existsSync(file)) throw new UsageError(`no such notebook: ${positionals[0]}`);
  const out = resolve(values.out ?? file.replace(/\.ipynb$/, ".executed.ipynb"));
  const send = (m: ChildMessage) => {
    if (process.send) process.send(m);
    else if (m.type === "cell")
      process.stderr.write(`  cell ${m.index}/${m.total} ${m.ok ? "ok" : "FAILED"} (${fixed(m.seconds, 2)} s)\n`);
    else if (m.failed) process.stderr.write(`cell ${m.failed.index} failed: ${m.failed.ename}: ${m.failed.evalue}\n`);
  };
  // Started by a report build that has gone (interrupted, killed): stop rather than run on unseen.
  // (If the build went while this process was starting, the channel is already closed.)
  if (process.send) {
    process.on("disconnect", () => process.exit(129));
    if (!process.connected) process.exit(129);
  }
  const ok = await executeNotebook(file, out, send);
  // tslab keeps handles open (its compiler host); leave once the messages are flushed.
  if (process.send) await new Promise<void>((r) => process.send!({ type: "exit" }, () => r()));
  process.exit(ok ? 0 : 1);
}
