/**
 * A cell compiler for tslab's executor that gives the JavaScript tslab's own compiler gives, without
 * type-checking. tslab's compiler (`tslab/dist/converter`) keeps a TypeScript program over lib,
 * @types/node and the library's declarations and builds it again for every cell: about 1.3 s of CPU
 * to start and 75 ms per cell, 6 s of a report build's 51 (the build is bound by CPU on 2 cores).
 * Here each cell is compiled in a program of two small files, the cell and the names earlier cells
 * declared, with no lib: 10–15 ms of CPU per cell. The transforms are tslab's (`getCustomTransformers`
 * in its converter.js, written again because tslab does not export them): names of earlier cells
 * become `exports.name`, every top-level name is exported, and a last expression statement is
 * stored to `tsLastExpr` for the executor to show. The emitter is tslab's own TypeScript, with its
 * options, so that the output is byte for byte tslab's: test/notebook/transpile.test.ts checks this
 * for every cell of every notebook and for a corpus of harder cells, and type-checks the notebooks
 * with tslab's compiler. Syntax errors fail a cell here too; type errors do not (as under tsx):
 * Jupyter shows them as a cell runs, and the tests check the notebooks shipped.
 *
 * Known difference, by construction: a cell that imports a name used only as a type keeps the
 * import (the value is undefined at run time); tslab, which resolves the module, drops it.
 */
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type * as TS from "typescript";

const require = createRequire(import.meta.url);

/**
 * The TypeScript tslab compiles with (a dependency of tslab, pinned by its exact version), so that
 * the emitted JavaScript is the one tslab's compiler emits.
 */
const ts = createRequire(require.resolve("tslab/package.json"))("@tslab/typescript-for-tslab") as typeof TS;

/** What tslab's executor expects from `convert` (tslab/dist/converter.js). */
export interface ConvertedCell {
  /** CommonJS code run inside `(async) function (exports, require) { … }`; absent when nothing runs. */
  output?: string;
  /** Passed back as `prevDecl` with the next cell: here the names declared so far, one per line. */
  declOutput: string;
  diagnostics: CellDiagnostic[];
  hasToplevelAwait: boolean;
  lastExpressionVar?: string;
}

/** A diagnostic as tslab's executor prints it: position within the cell (0-based line and column). */
export interface CellDiagnostic {
  start: { offset: number; line: number; character: number };
  end: { offset: number; line: number; character: number };
  messageText: string;
  category: number;
  code: number;
}

/** Each cell is a module ("export {};" first), as in tslab, so that its names are its own. */
const PREFIX = "export {};\n";
const DECLS = "/tslab/__prev__.d.ts";
const SOURCE = "/tslab/__tslab__.ts";

/** tslab's emit options that shape JavaScript (its converter.js; ES2022 is its target on Node ≥ 18). */
const OPTIONS: TS.CompilerOptions = {
  noLib: true,
  noResolve: true,
  types: [],
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  newLine: ts.NewLineKind.LineFeed,
  noImplicitUseStrict: true,
  experimentalDecorators: true,
  jsx: ts.JsxEmit.React,
};

/** The same second step as tslab's (`esModuleToCommonJSModule`): ES module output to CommonJS. */
const COMMONJS: TS.TranspileOptions = {
  fileName: "custom.js",
  compilerOptions: {
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
  },
};

/** TypeScript internals tslab's compiler relies on too: a file's top-level names, a node's parent. */
type Bound = TS.SourceFile & { locals?: Map<string, unknown>; parent?: TS.Node };
/** The transformation context of `ts.visitEachChild` outside a transformer (internal, as in tslab). */
const context = (ts as unknown as { nullTransformationContext: TS.TransformationContext }).nullTransformationContext;

/** The cell and the earlier cells' names in one program; the cell's scope continues into the names'. */
function compile(names: readonly string[], src: string) {
  const files = new Map([
    [DECLS, PREFIX + names.map((n) => `declare let ${n}: any;\n`).join("")],
    [SOURCE, PREFIX + src],
  ]);
  const host: TS.CompilerHost = {
    getSourceFile: (f, target) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, target) : undefined),
    getDefaultLibFileName: () => "/tslab/lib.d.ts",
    writeFile: () => {},
    getCurrentDirectory: () => "/tslab",
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (f) => files.has(f),
    readFile: (f) => files.get(f),
  };
  const program = ts.createProgram([DECLS, SOURCE], OPTIONS, host);
  const decls = program.getSourceFile(DECLS)!;
  const source = program.getSourceFile(SOURCE)! as Bound;
  // tslab's device: names the cell does not declare resolve in the earlier cells' file.
  source.parent = decls;
  return { program, decls, source, checker: program.getTypeChecker() };
}

/**
 * Whether an `await` expression sits at the top level (not inside a function, class or namespace),
 * so that the executor runs the cell as an async function. As with tslab, a top-level `for await`
 * alone does not count (tslab looks for the diagnostic of an `await` expression): such a cell fails
 * when run, under both.
 */
function hasTopLevelAwait(file: TS.SourceFile): boolean {
  const visit = (n: TS.Node): boolean =>
    ts.isAwaitExpression(n) ||
    (!ts.isFunctionLike(n) && !ts.isClassLike(n) && !ts.isModuleDeclaration(n) && !!ts.forEachChild(n, visit));
  return !!ts.forEachChild(file, visit);
}

/** A position in the cell (without PREFIX), as tslab reports it. */
function position(file: TS.SourceFile, offset: number) {
  const { line, character } = ts.getLineAndCharacterOfPosition(file, offset);
  return { offset: offset - PREFIX.length, line: line - 1, character };
}

/**
 * Compile one cell, given the `declOutput` of the cell before ("" for the first): the JavaScript,
 * the names declared so far, syntax errors, and how the executor runs the code.
 *
 * @example
 * const a = convertCell("", "const x = 1;\nx + 1");        // a.lastExpressionVar === "tsLastExpr"
 * const b = convertCell(a.declOutput, "x * 2");            // b.output reads exports.x
 */
export function convertCell(prevDecl: string, src: string): ConvertedCell {
  const before = prevDecl ? prevDecl.split("\n") : [];
  let c = compile(before, src);
  const syntax = c.program.getSyntacticDiagnostics(c.source);
  if (syntax.length > 0) {
    return {
      declOutput: prevDecl,
      hasToplevelAwait: false,
      diagnostics: syntax.map((d) => ({
        start: position(c.source, d.start ?? 0),
        end: position(c.source, (d.start ?? 0) + (d.length ?? 0)),
        messageText: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
        category: d.category,
        code: d.code,
      })),
    };
  }
  // As tslab: every top-level name of the cell is exported, so the executor keeps it for later cells.
  const keys = new Set<string>((c.source as Bound).locals?.keys() ?? []);
  if (keys.size > 0) c = compile(before, `${src}\nexport {${[...keys].join(", ")}}`);
  const { checker, decls } = c;
  // tslab's wrapPrevIdentifier: a name declared in an earlier cell is read from `exports`.
  const wrapEarlier = (node: TS.Node): TS.Node => {
    if (!ts.isIdentifier(node)) return ts.visitEachChild(node, wrapEarlier, context);
    if (node.parent && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return node;
    const earlier = (checker.getSymbolAtLocation(node)?.declarations ?? []).some((d) => d.getSourceFile() === decls);
    return earlier ? ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), node) : node;
  };
  let lastExpressionVar: string | undefined;
  // tslab's `after` transform: the last expression statement becomes `export const tsLastExpr = …`.
  const after = () => (file: TS.SourceFile) => {
    file = ts.visitEachChild(file, wrapEarlier, context);
    const statements = file.statements;
    for (let i = statements.length - 1; i >= 0; i--) {
      const stmt = statements[i];
      if (ts.isExportDeclaration(stmt)) continue;
      if (!ts.isExpressionStatement(stmt)) break;
      let name = "tsLastExpr";
      for (let k = 0; keys.has(name); k++) name = `tsLastExpr${k}`;
      lastExpressionVar = name;
      const store = ts.factory.createVariableStatement(
        [ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)],
        ts.factory.createVariableDeclarationList(
          [ts.factory.createVariableDeclaration(name, undefined, undefined, stmt.expression)],
          ts.NodeFlags.Const,
        ),
      );
      // tslab replaces the statement list in place (the emitter reads it from the node).
      (file as { statements: TS.NodeArray<TS.Statement> }).statements = ts.factory.createNodeArray([
        ...statements.slice(0, i),
        store,
        ...statements.slice(i + 1),
      ]);
      break;
    }
    return file;
  };
  let esm = "";
  c.program.emit(
    c.source,
    (name, text) => {
      if (name.endsWith(".js")) esm = text;
    },
    undefined,
    false,
    { after: [after] },
  );
  return {
    output: ts.transpileModule(esm, COMMONJS).outputText,
    declOutput: [...new Set([...before, ...keys])].join("\n"),
    diagnostics: [],
    hasToplevelAwait: hasTopLevelAwait(c.source),
    lastExpressionVar,
  };
}

const isFile = (f: string) => existsSync(f) && statSync(f).isFile();

/**
 * Whether a cell needs tslab's own compiler: a module cell (tslab's `@module` tag), or an import of
 * a TypeScript file of the notebook's own (from `dir`), which tslab compiles alongside the cell.
 */
export function needsTslabCompiler(src: string, dir: string, isModuleCell: boolean): boolean {
  if (isModuleCell) return true;
  for (const { fileName } of ts.preProcessFile(src, true, true).importedFiles) {
    if (!fileName.startsWith(".")) continue;
    const path = resolve(dir, fileName);
    if (isFile(path)) {
      if (/\.tsx?$/.test(path)) return true;
      continue;
    }
    const stem = path.replace(/\.[cm]?js$/, "");
    if ([".ts", ".tsx", "/index.ts", "/index.tsx"].some((ext) => isFile(stem + ext))) return true;
  }
  return false;
}
