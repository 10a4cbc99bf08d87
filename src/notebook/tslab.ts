/**
 * The one place that touches tslab's internals (tslab is pinned exactly in package.json because
 * `dist/converter`, `dist/executor` and `dist/jupyter` are not a public API). It executes
 * TypeScript cells in this process, the way the tslab Jupyter kernel does, and captures what each
 * cell shows as nbformat 4 outputs.
 */
import { createRequire } from "node:module";
import { format, inspect } from "node:util";
import type { NotebookOutput } from "./format.js";

const require = createRequire(import.meta.url);

interface TslabConverter {
  close(): void;
}
interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  close(): void;
}
interface DisplayData {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Result of executing one cell. */
export interface CellResult {
  ok: boolean;
  outputs: NotebookOutput[];
  /** The error when `ok` is false: name, message and stack lines. */
  error?: { ename: string; evalue: string; traceback: string[] };
}

/** An in-process TypeScript session rooted at one folder; run cells in order, then close. */
export interface TslabSession {
  run(code: string): Promise<CellResult>;
  close(): void;
}

/**
 * Create a tslab session whose module root is `dir`. tslab's converter fixes the working
 * directory when it is created, so this changes the process's directory to `dir` — which is why a
 * process runs a single notebook (a second session in another folder breaks module resolution).
 */
export function createTslabSession(dir: string): TslabSession {
  process.chdir(dir);
  const { createConverter } = require("tslab/dist/converter") as { createConverter(o?: object): TslabConverter };
  const { createExecutor } = require("tslab/dist/executor") as {
    createExecutor(
      root: string,
      convs: object,
      console: { log(...a: unknown[]): void; error(...a: unknown[]): void },
    ): TslabExecutor;
  };
  const jupyter = require("tslab/dist/jupyter") as {
    lastWriteDisplayData: ((d: DisplayData, update: boolean) => void) | null;
  };

  let outputs: NotebookOutput[] = [];
  let error: CellResult["error"];
  const stream = (name: "stdout" | "stderr", text: string) => {
    const last = outputs[outputs.length - 1];
    if (last && last.output_type === "stream" && last.name === name) last.text += text;
    else outputs.push({ output_type: "stream", name, text });
  };
  const fail = (e: unknown, ...rest: unknown[]) => {
    if (e instanceof Error) {
      error = { ename: e.name, evalue: e.message, traceback: (e.stack ?? String(e)).split("\n") };
    } else {
      // TypeScript diagnostics arrive as a format string and its arguments.
      const text = typeof e === "string" ? format(e, ...rest) : inspect(e);
      if (error && error.ename === "TypeScriptError") {
        error.evalue += "\n" + text;
        error.traceback.push(text);
      } else error = { ename: "TypeScriptError", evalue: text, traceback: [text] };
    }
  };

  const converter = createConverter();
  const executor = createExecutor(
    process.cwd(),
    { node: converter, browser: converter, close: () => converter.close() },
    {
      log: (value: unknown) =>
        outputs.push({
          output_type: "execute_result",
          execution_count: null,
          data: { "text/plain": inspect(value, { depth: 4 }) },
          metadata: {},
        }),
      error: fail,
    },
  );
  jupyter.lastWriteDisplayData = (d: DisplayData) => {
    const data: Record<string, unknown> = {};
    for (const [mime, value] of Object.entries(d.data)) {
      // tslab passes JSON MIME bundles (e.g. Plotly figures) as strings; nbformat stores objects.
      data[mime] = mime.endsWith("json") && typeof value === "string" ? JSON.parse(value) : value;
    }
    outputs.push({ output_type: "display_data", data, metadata: {} });
  };

  // A stray rejected promise or a throw from a timer must not kill the run: it becomes the error
  // of the cell that is running (or of the next one, as in Jupyter).
  process.on("unhandledRejection", (e) => fail(e));
  process.on("uncaughtException", (e) => fail(e));

  return {
    async run(code: string): Promise<CellResult> {
      outputs = [];
      error = undefined;
      const out = process.stdout.write;
      const err = process.stderr.write;
      process.stdout.write = ((chunk: string | Uint8Array) => (stream("stdout", String(chunk)), true)) as typeof out;
      process.stderr.write = ((chunk: string | Uint8Array) => (stream("stderr", String(chunk)), true)) as typeof err;
      let ok: boolean;
      try {
        ok = await executor.execute(code);
      } finally {
        process.stdout.write = out;
        process.stderr.write = err;
      }
      if (error) ok = false;
      if (!ok && !error) error = { ename: "Error", evalue: "cell failed without an error message", traceback: [] };
      if (error) outputs.push({ output_type: "error", ...error });
      return { ok, outputs, error };
    },
    close() {
      executor.close();
    },
  };
}
