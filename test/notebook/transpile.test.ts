import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, it } from "node:test";
import { cellSource, readNotebook } from "../../src/notebook/format.js";
import { type ConvertedCell, convertCell, needsTslabCompiler } from "../../src/notebook/transpile.js";
import { projectRoot } from "../../src/notebook/params.js";
import { tempDir } from "../fixtures/sheets.js";
import { writeFileSync } from "node:fs";

// The expected values are tslab's own: its compiler (tslab/dist/converter, type-checking) run on
// the same cells in the same order, in this process.
const require = createRequire(import.meta.url);
const notebooks = join(projectRoot(), "notebooks");
// tslab's compiler takes its module root from the working directory (as the notebook runner sets it).
process.chdir(notebooks);
const tslab = (
  require("tslab/dist/converter") as { createConverter(): { convert: typeof convertCell; close(): void } }
).createConverter();
// Its file watchers would keep the process alive.
after(() => tslab.close());

/** Both compilers over a notebook's cells in order; tslab's result and ours for each. */
function compileBoth(cells: string[]): { src: string; theirs: ConvertedCell; ours: ConvertedCell }[] {
  let theirDecl = "";
  let ourDecl = "";
  return cells.map((src) => {
    const theirs = tslab.convert(theirDecl, src);
    const ours = convertCell(ourDecl, src);
    theirDecl = theirs.declOutput ?? theirDecl;
    ourDecl = ours.declOutput;
    return { src, theirs, ours };
  });
}

const sameJavaScript = (r: ReturnType<typeof compileBoth>[number], where: string) =>
  assert.deepEqual(
    { output: r.ours.output, last: r.ours.lastExpressionVar, topAwait: r.ours.hasToplevelAwait },
    { output: r.theirs.output, last: r.theirs.lastExpressionVar, topAwait: !!r.theirs.hasToplevelAwait },
    `${where}:\n${r.src}`,
  );

/** A corpus of cells, in order: it type-checks under tslab, and each cell compiles to tslab's JavaScript. */
function compilesLikeTslab(cells: string[]): void {
  compileBoth(cells).forEach((r, i) => {
    assert.deepEqual(r.theirs.diagnostics, [], `cell ${i + 1}: the corpus must type-check under tslab`);
    sameJavaScript(r, `cell ${i + 1}`);
  });
}

it("every notebook type-checks under tslab's compiler, and each cell compiles to tslab's JavaScript exactly", () => {
  const files = readdirSync(notebooks).filter((f) => /^\d{2}-[^.]+\.ipynb$/.test(f));
  assert.ok(files.length >= 8);
  let cells = 0;
  for (const f of files) {
    const code = readNotebook(join(notebooks, f))
      .cells.filter((c) => c.cell_type === "code")
      .map(cellSource);
    compileBoth(code).forEach((r, i) => {
      assert.deepEqual(r.theirs.diagnostics, [], `${f} cell ${i + 1} has type errors`);
      sameJavaScript(r, `${f} cell ${i + 1}`);
      cells++;
    });
  }
  assert.ok(cells > 50);
});

it("compiles harder cells as tslab does: earlier names, shadowing, redeclaration, last values, top-level await", () => {
  const cells = [
    'import * as path from "node:path";\nconst a = 1, b = [2, 3];\nlet c = a + 1;\n' +
      "function f(x: number) { return x * a; }\n" +
      "class K { v = a; }\ninterface I { n: number }\ntype T = I | null;\nenum E { X, Y }",
    "c = c + f(2);\nconst { length } = b;\nconst [first, ...rest] = b;\nconst g = (a: number) => a + c;\n" +
      "for (const x of b) c += x;\nif (c > 0) { const a = 5; c += a; }\nc",
    'const a = "again";\nlet tsLastExpr = 0;\nconst k: I = { n: new K().v };\nE.Y + (k.n as number);',
    "const waited = await Promise.resolve(a.length);\nconst later = async () => { await null; return c; };\nwaited",
    "outer: for (const x of rest) { if (x) break outer; }\n" +
      "const o = { a: a, b, p: path.sep, [length]: first };\n({ o, g })",
    "// a comment only",
    "interface J { a: number }\ntype U = J[];\ndeclare const ambient: U;",
    "f(1);\n2;",
    "const t: T = null;\nfunction f(x: string) { return x + t + tsLastExpr; }\nf(o.p)",
    "const later2 = function () { return later; };\nclass L extends K { w = this.v + a.length; }\nnew L().w",
  ];
  compilesLikeTslab(cells);
  // The last expression is stored under a name the cell does not use.
  const collided = convertCell(convertCell("", cells[0]).declOutput, cells[2]);
  assert.equal(collided.lastExpressionVar, "tsLastExpr0");
});

it("compiles more syntax as tslab does: enums, classes, generators, for await, destructuring, labels", () => {
  const cells = [
    "const base = 10;\nlet counter = 0;\nenum Color { Red = 1, Green }\n" +
      "class Box<T> { static made = 0; constructor(public v: T) { Box.made++; } " +
      "get twice() { return [this.v, this.v]; } }",
    "var hoisted = base + 1;\nfunction* gen() { yield base; yield counter; }\n" +
      "async function* agen() { yield await Promise.resolve(base); }\n" +
      "const { a = base, ...others } = { b: 2 } as { a?: number; b: number };\n[...gen()]",
    "counter++;\ncounter += base;\nconst f = (x = base) => x * Color.Green;\n" +
      "const maybe = (null as { q?: { r: number } } | null)?.q?.r ?? base;\nnew Box(base).twice",
    "const base2 = base;\n{ const base = 3; counter = base; }\ncounter + base2",
    "let obj = { base, counter, ['k' + base]: 1, method() { return base; } };\nobj.method() + Box.made",
    "for await (const v of agen()) counter += v;\ncounter",
    "label: { if (base) break label; }\nconst tagged = String.raw`a${base}b`;\ntagged",
  ];
  compilesLikeTslab(cells);
});

it("keeps an import of a name used only as a type (undefined when run), which tslab drops: a known difference", () => {
  const src = 'import { FitData, MODEL_IDS } from "../dist/index.js";\nlet z: FitData | null = null;\nMODEL_IDS.length';
  const ours = convertCell("", src).output!;
  const theirs = tslab.convert("", src).output!;
  assert.ok(ours.includes('"FitData"') && !theirs.includes('"FitData"'));
  const strip = (js: string) =>
    js
      .split("\n")
      .filter((l) => !l.includes('"FitData"'))
      .join("\n")
      .replace("exports.FitData = ", "");
  assert.equal(strip(ours), theirs);
});

it("fails a cell with a syntax error at the place tslab reports, and keeps the earlier names", () => {
  const first = convertCell("", "const a = 1;");
  const bad = convertCell(first.declOutput, "const b = 2;\nconst = a;");
  const theirs = tslab.convert(tslab.convert("", "const a = 1;").declOutput!, "const b = 2;\nconst = a;");
  assert.equal(bad.output, undefined);
  assert.ok(bad.diagnostics.length > 0);
  assert.deepEqual(bad.diagnostics[0].start, theirs.diagnostics[0].start);
  assert.equal(bad.diagnostics[0].messageText, theirs.diagnostics[0].messageText);
  assert.equal(bad.declOutput, first.declOutput);
});

it("leaves to tslab's compiler the cells that need it: module cells and TypeScript files of the notebook's own", () => {
  const dir = tempDir("transpile-");
  writeFileSync(join(dir, "helper.ts"), "export const h = 1;\n");
  writeFileSync(join(dir, "plain.js"), "exports.p = 1;\n");
  assert.equal(needsTslabCompiler('import { h } from "./helper";', dir, false), true);
  assert.equal(needsTslabCompiler('import { h } from "./helper.js";', dir, false), true);
  assert.equal(needsTslabCompiler('import { p } from "./plain.js";', dir, false), false);
  assert.equal(needsTslabCompiler('import * as ap from "../dist/index.js";', notebooks, false), false);
  assert.equal(needsTslabCompiler("const x = 1;", dir, true), true);
});
