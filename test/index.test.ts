/**
 * The public API (src/index.ts): every exported function documents itself with an `@example`
 * that runs. Each example runs here with the whole public API in scope plus the fixtures below
 * (the names src/index.ts documents), and a line ending in `// → value` checks that its
 * expression (or the constant it declares) equals `value` to the digits shown.
 *
 * Examples that compute from the embedded data change when the data do. After a data change,
 * `UPDATE_EXAMPLES=1 node --import tsx --test test/index.test.ts` rewrites the numbers of the
 * `// →` lines in src/ with what the examples now give, at the digits written (like a snapshot
 * update); review the diff as part of the data change. Anything but a number still fails.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";
import ts from "typescript";
import * as api from "../src/index.js";

const src = new URL("../src/", import.meta.url);

/** Exported value names of src/index.ts, with the module each comes from (types left out). */
function exportedValues(): { name: string; file: string }[] {
  const index = readFileSync(new URL("index.ts", src), "utf8");
  const out: { name: string; file: string }[] = [];
  for (const m of index.matchAll(/export \{([^}]*)\} from "\.\/([^"]+)\.js";/g))
    for (const raw of m[1].split(",")) {
      const name = raw.trim();
      if (name && !name.startsWith("type ")) out.push({ name, file: `${m[2]}.ts` });
    }
  return out;
}

/** The `@example` block of the doc comment on `export … name` in `file`, or null. */
function exampleOf(file: string, name: string): string | null {
  const text = readFileSync(new URL(file, src), "utf8");
  // The doc comment, any line comments (eslint directives), then the declaration.
  const comment = String.raw`/\*\*((?:(?!\*/)[\s\S])*)\*/\s*(?://[^\n]*\n\s*)*`;
  const decl = new RegExp(`${comment}export (?:async )?(?:function\\*? |const )${name}\\b`);
  const doc = decl.exec(text)?.[1];
  const block = doc?.split("@example")[1];
  if (block === undefined) return null;
  const lines = block.split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
  const end = lines.findIndex((l) => l.startsWith("@"));
  return (end < 0 ? lines : lines.slice(0, end)).join("\n").trim();
}

/** A number as written in an example (`0.0540`), the example line it is on, and its place there. */
interface Written {
  written: string;
  line: string;
  k: number;
  /** A string token (checked exactly), not a number. */
  string?: true;
}

const UPDATE = process.env.UPDATE_EXAMPLES === "1";
/** In update mode: per example line, the numbers (by place) that the example now gives. */
const updates = new Map<string, Map<number, number | string>>();

/** `actual` with the digits `written` shows (`0.0540` → four decimals, `2.1e-3` → one); a string quoted. */
function like(written: string, actual: number | string): string {
  if (typeof actual === "string") return JSON.stringify(actual);
  const [mantissa] = written.split("e");
  const digits = /\.(\d+)/.exec(mantissa)?.[1].length ?? 0;
  const s = /e/.test(written) ? actual.toExponential(digits) : actual.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** The number and string tokens of a JS literal (object keys left out), with their offsets. */
function literalTokens(literal: string): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  for (let i = 0; i < literal.length;) {
    const c = literal[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < literal.length && literal[j] !== c) j += literal[j] === "\\" ? 2 : 1;
      out.push({ at: i, text: literal.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    const m = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/.exec(literal.slice(i));
    const key = m !== null && /^\s*:/.test(literal.slice(i + m[0].length)); // an object key such as { 0: … }
    if (m && !key && !/[\w.$]/.test(literal[i - 1] ?? "")) {
      out.push({ at: i, text: m[0] });
      i += m[0].length;
    } else i++;
  }
  return out;
}

/** `tokens` of `literal` replaced by `by(token, place)`. */
function replaceTokens(literal: string, by: (text: string, k: number) => string): string {
  let out = "";
  let from = 0;
  literalTokens(literal).forEach(({ at, text }, k) => {
    out += literal.slice(from, at) + by(text, k);
    from = at + text.length;
  });
  return out + literal.slice(from);
}

/**
 * The literal with each number and string token marked with its line and place: `__n("0.0540", …)`
 * so that a number is checked to the decimals written (its value alone would say three), `__s(…)`
 * so that update mode can rewrite a string.
 */
function markNumbers(literal: string, line: string): string {
  const at = (k: number) => `${JSON.stringify(line)}, ${k}`;
  return replaceTokens(literal, (text, k) =>
    /^['"]/.test(text) ? `__s(${text}, ${at(k)})` : `__n(${JSON.stringify(text)}, ${at(k)})`,
  );
}

/** Update mode: rewrite in `file` the `// →` numbers of the example lines that now give others. */
function rewrite(file: string): void {
  const url = new URL(file, src);
  const text = readFileSync(url, "utf8");
  const next = text
    .split("\n")
    .map((l) => {
      const m = /^(\s*\* )(.*?\/\/ → )(.+)$/.exec(l);
      const changed = m && updates.get(`${m[2]}${m[3]}`);
      if (!m || !changed) return l;
      return m[1] + m[2] + replaceTokens(m[3], (t, k) => (changed.has(k) ? like(t, changed.get(k)!) : t));
    })
    .join("\n");
  if (next !== text) writeFileSync(url, next);
}

/** `expected` (a JS literal, numbers marked) equals `actual`, numbers to the digits written. */
function close(actual: unknown, expected: unknown, where: string): void {
  if (expected !== null && typeof expected === "object" && "string" in expected) {
    const { written, line, k } = expected as Written;
    if (UPDATE && actual !== written && typeof actual === "string")
      updates.set(line, (updates.get(line) ?? new Map<number, number | string>()).set(k, actual));
    else assert.equal(actual, written, where);
  } else if (expected !== null && typeof expected === "object" && "written" in expected) {
    const { written, line, k } = expected as Written;
    const value = Number(written);
    const digits = /\.(\d+)/.exec(written.split("e")[0])?.[1].length ?? 0;
    const tol = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(value) || 1)) * +/e/.test(written) - digits);
    assert.equal(typeof actual, "number", `${where}: ${String(actual)} is not a number`);
    const ok = Math.abs((actual as number) - value) <= tol || Object.is(actual, value);
    if (UPDATE && !ok)
      updates.set(line, (updates.get(line) ?? new Map<number, number | string>()).set(k, actual as number));
    else assert.ok(ok, `${where}: ${String(actual)} ≠ ${written}`);
  } else if (expected !== null && typeof expected === "object") {
    assert.equal(typeof actual, "object", `${where}: ${String(actual)} is not an object`);
    for (const [k, v] of Object.entries(expected)) close((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
  } else assert.deepEqual(actual, expected, where);
}

/** The example as a script: `// → value` lines become checks. */
function runnable(example: string): string {
  return example
    .split("\n")
    .map((line) => {
      const m = /^(.*?);?\s*\/\/ → (.+)$/.exec(line);
      if (!m) return line;
      const [, code, value] = m;
      const decl = /^(?:const|let) (\w+) = /.exec(code);
      const where = JSON.stringify(line.trim());
      return decl
        ? `${code}; __check(${decl[1]}, (${markNumbers(value, line)}), ${where});`
        : `__check(${code}, (${markNumbers(value, line)}), ${where});`;
    })
    .join("\n");
}

/**
 * Fixtures every example may use (as src/index.ts lists them): the embedded reproduction sample,
 * its model-7 design, a faithful fit and a 20-replicate bootstrap of it.
 */
async function fixtures() {
  const data = api.fitDataFromRows(api.loadEvaluations("data/lm_evaluations.csv").head);
  const norm = api.normalisationOf(data);
  const design = api.buildDesign(api.model("7"), data, norm);
  const fitOptions = { estimator: "faithful", delta: 0.0025 } as const;
  const fit = api.fitDesign(design, data.y, fitOptions);
  const spec = { modelId: "7", fit: fitOptions, norm, numerical: false };
  const boot = await api.bootstrap(data, spec, { B: 20, seed: 0, threads: 1 });
  return { data, norm, design, y: data.y, fit, theta: fit.theta, boot };
}

describe("public API", () => {
  const values = exportedValues();
  const functions = values.filter(({ name }) => typeof (api as Record<string, unknown>)[name] === "function");

  it("exports what src/index.ts lists, and every listed value exists", () => {
    for (const { name } of values) assert.notEqual((api as Record<string, unknown>)[name], undefined, name);
    assert.ok(functions.length > 100, `${functions.length} functions`);
  });

  it("documents every exported function with an @example", () => {
    const missing = functions.filter(({ name, file }) => exampleOf(file, name) === null).map((f) => f.name);
    assert.deepEqual(missing, []);
  });

  it("runs every example, and its `// →` values hold", async () => {
    const __n = (written: string, line: string, k: number): Written => ({ written, line, k });
    const __s = (written: string, line: string, k: number): Written => ({ written, line, k, string: true });
    const scope = { ...api, ...(await fixtures()), __check: close, __n, __s };
    const failures: string[] = [];
    for (const { name, file } of functions) {
      const example = exampleOf(file, name);
      if (example === null) continue;
      const js = ts.transpileModule(`(async () => {\n${runnable(example)}\n})();`, {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
      }).outputText;
      try {
        await new Function(...Object.keys(scope), `return ${js.trim()}`)(...Object.values(scope));
      } catch (e) {
        failures.push(`${name} (${file}): ${(e as Error).message.split("\n")[0]}`);
      }
    }
    if (UPDATE) for (const file of new Set(functions.map((f) => f.file))) rewrite(file);
    assert.deepEqual(failures, []);
  });
});

it("exports no object a caller could change: constants are frozen all the way down", () => {
  // A report build runs several notebooks in one process (src/notebook/run.ts): a constant one
  // notebook changed would change for the next. Module namespaces (published) are checked through.
  const unfrozen: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (v === null || typeof v !== "object") return;
    if (Object.prototype.toString.call(v) === "[object Module]") {
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
      return;
    }
    if (!Object.isFrozen(v)) unfrozen.push(path);
    for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  const objects = Object.entries(api).filter(([, v]) => v !== null && typeof v === "object");
  for (const [name, v] of objects) walk(v, name);
  assert.ok(objects.length >= 8, `the API exports ${objects.length} objects`);
  assert.deepEqual(unfrozen, []);
  assert.throws(() => (api.DELTA_GRID as number[]).push(0.05), TypeError);
});
