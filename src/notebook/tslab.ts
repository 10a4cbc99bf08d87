/**
 * With ./transpile.ts, the one place that touches tslab's internals (tslab is pinned exactly in
 * package.json because `dist/converter`, `dist/executor`, `dist/metadata` and `dist/jupyter` are not
 * a public API). It executes TypeScript cells in this process with tslab's executor, the way the
 * tslab Jupyter kernel does, and captures what each cell shows as nbformat 4 outputs. Cells are
 * compiled by ./transpile.ts (tslab's JavaScript, without type-checking) unless the notebook needs
 * tslab's own compiler (module cells, TypeScript files of its own).
 */
import { createRequire } from "node:module";
import { format, inspect } from "node:util";
import type { NotebookOutput } from "./format.js";
import { convertCell, needsTslabCompiler } from "./transpile.js";

const require = createRequire(import.meta.url);

interface TslabConverter {
  convert?(prevDecl: string, src: string): unknown;
  close(): void;
}
interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  close(): void;
}
type CreateExecutor = (
  root: string,
  convs: object,
  console: { log(...a: unknown[]): void; error(...a: unknown[]): void },
) => TslabExecutor;
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
 * tslab's compiler (a TypeScript program over lib, @types/node and the library's declarations: about
 * a second to build), for notebooks that need it, built once per process and shared by its
 * sessions. Each session's executor passes the declarations of its own earlier cells, so one
 * notebook never sees another's names. tslab fixes the working directory when the compiler is
 * created, so a process serves notebooks of one folder.
 */
let compiler: { dir: string; converter: TslabConverter } | null = null;

/** The error handler of the session now running: a stray rejection or throw becomes its cell's error. */
let onStrayError: ((e: unknown) => void) | null = null;
let strayHandled = false;

/**
 * A stray rejected promise or a throw from a timer must not kill the run: it becomes the error of
 * the cell that is running (or of the next one, as in Jupyter). Between sessions there is no cell
 * to blame: the process stops, as Node would have.
 */
function handleStrayErrors(): void {
  if (strayHandled) return;
  strayHandled = true;
  const stray = (e: unknown) => {
    if (onStrayError) return onStrayError(e);
    process.stderr.write(`error outside any notebook session: ${e instanceof Error ? e.stack : inspect(e)}\n`);
    process.exit(1);
  };
  process.on("unhandledRejection", stray);
  process.on("uncaughtException", stray);
}

/** The process's tslab compiler, created at its first use (in `dir`, which becomes the working directory). */
function sharedConverter(dir: string): TslabConverter {
  if (compiler) {
    if (compiler.dir !== dir)
      throw new Error(`tslab serves notebooks of one folder per process: ${compiler.dir} already, not ${dir}`);
    return compiler.converter;
  }
  process.chdir(dir);
  const { createConverter } = require("tslab/dist/converter") as { createConverter(o?: object): TslabConverter };
  compiler = { dir, converter: createConverter() };
  return compiler.converter;
}

/** The compiler of a notebook's cells: ./transpile.ts, or tslab's when a cell needs it. */
function cellCompiler(dir: string, cells: readonly string[]): TslabConverter {
  const { getCodeMetadata } = require("tslab/dist/metadata") as { getCodeMetadata(src: string): { module?: string } };
  const typed = cells.some((src) => needsTslabCompiler(src, dir, getCodeMetadata(src).module !== undefined));
  return typed ? sharedConverter(dir) : { convert: convertCell, close: () => {} };
}

/**
 * Create a tslab session whose module root is `dir`, for a notebook whose code cells are `cells`:
 * its own names and outputs. Its cells are compiled by ./transpile.ts, or, when one of them needs it
 * (`needsTslabCompiler`), by the process's shared tslab compiler (see `compiler`), in which case a
 * session in another folder than that compiler's is refused, because tslab resolves modules from
 * the folder its compiler was created in. This changes the process's directory to `dir`. Sessions
 * run one at a time: close one before the next.
 */
export function createTslabSession(dir: string, cells: readonly string[]): TslabSession {
  if (onStrayError) throw new Error("a tslab session is already open in this process; close it first");
  const { createExecutor } = require("tslab/dist/executor") as { createExecutor: CreateExecutor };
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
  const converter = cellCompiler(dir, cells);
  handleStrayErrors();
  process.chdir(dir); // each notebook starts in its folder, whatever the one before did
  // The executor's close closes its converters: the shared one stays open for the next session.
  const executor = createExecutor(
    dir,
    { node: converter, browser: converter, close: () => {} },
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

  onStrayError = fail;

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
      onStrayError = null;
    },
  };
}
