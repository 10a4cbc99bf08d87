import { scorecard, scorecardValues } from "./scorecard.js";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join, relative } from "node:path";
import { loadEvaluations } from "../data/load.js";
import { cellSource, readNotebook } from "../notebook/format.js";
import { type NotebookParams, PARAMS_ENV, VALUES_ENV, projectRoot } from "../notebook/params.js";
import { NotebookRunner } from "../notebook/run.js";
import { removeStaleTemporaries, writeFileAtomic } from "../util/atomic.js";
import { escapeHtml } from "../util/html.js";
import { onInterrupt } from "../util/interrupt.js";
import { formatCitationsIn, parseBibliography } from "./cite.js";
import { heavyCells, longestFirst, readDurations } from "./durations.js";
import { browserOnDemand, printPdf } from "./pdf.js";
import { type ReportSection, fillPlaceholders, renderReport } from "./render.js";
import { fixed } from "../util/format.js";
import { PLOTLY_BUNDLE } from "../figures/plotly.js";
import { CACHE_ENV, libraryIdentity, pruneResultCache } from "../util/result-cache.js";

/** Options of one report build. */
export interface BuildOptions {
  params: NotebookParams;
  /** Folder of the notebooks to execute, in file-name order. */
  notebooksDir: string;
  /** Output folder: report.html, report.pdf and notebooks/ (executed copies). */
  outDir: string;
  /** Folder with abstract.md and front.json. */
  frontDir: string;
  /** Re-execute every notebook even when its cache key is unchanged. */
  force: boolean;
  /** Skip the PDF (tests of the HTML alone). */
  pdf: boolean;
  log: (line: string) => void;
}

/** What a build produced. */
export interface BuildResult {
  html: string;
  pdf?: string;
  executed: string[];
  cached: string[];
  seconds: number;
}

/** A build failure with a message meant for the person running it. */
export class BuildError extends Error {}

function sha256(...parts: (string | Buffer)[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

function git(args: string[], cwd: string): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

function packageVersion(name: string, root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string })
      .version;
  } catch {
    return "not installed";
  }
}

/**
 * Build the report: execute the notebooks in runner processes, as many at once as there are cores
 * (skipping those whose source, built library, data and parameters are unchanged), then render
 * one self-contained HTML page and print it to PDF. Both files are written under temporary names
 * and renamed at the end, so a failure at any point leaves the previous report intact.
 */
export async function buildReport(o: BuildOptions): Promise<BuildResult> {
  const browser = browserOnDemand();
  try {
    return await build(o, browser);
  } finally {
    await browser.close();
  }
}

/** `buildReport` with Chromium from `browser`, started when the last notebook to start executes. */
async function build(o: BuildOptions, browser: ReturnType<typeof browserOnDemand>): Promise<BuildResult> {
  const started = performance.now();
  const root = projectRoot();
  const nbOut = join(o.outDir, "notebooks");
  mkdirSync(nbOut, { recursive: true });
  for (const dir of [o.outDir, nbOut])
    for (const f of removeStaleTemporaries(dir)) o.log(`removed ${f}, left by an interrupted build`);
  const files = readdirSync(o.notebooksDir)
    // NN-name.ipynb from 01: 00 is the teaching notebook (the method in plain code), not a chapter.
    .filter((f) => /^\d{2}-[^.]+\.ipynb$/.test(f) && !f.startsWith("00-"))
    .sort();
  if (files.length === 0) throw new BuildError(`no notebooks (NN-name.ipynb) in ${o.notebooksDir}`);
  if (!existsSync(o.params.data)) throw new BuildError(`data file ${o.params.data} does not exist`);

  const data = loadEvaluations(o.params.data, { sample: o.params.sample });
  const paramsJson = JSON.stringify(o.params);
  const front = frontMatter(o.frontDir);
  // As one of the last notebooks starts executing, the pages' preparation starts: it then overlaps the notebooks.
  const prepare = preparationToRender(o, browser, front, files);
  const { executed, cached, values, sections } = await runNotebooks(files, nbOut, o, data.sha256, paramsJson, prepare);
  resolveExecutedProse(sections, executed, values, nbOut);
  const scores = scorecard(values);
  Object.assign(values, scorecardValues(scores));
  const commit = git(["rev-parse", "HEAD"], root) || "not a git checkout";
  const dirty = git(["status", "--porcelain", "--untracked-files=no"], root) !== "";
  const provenance = provenanceRows(o.params, data, root, { commit, dirty, executed, cached });

  const htmlFile = join(o.outDir, "report.html");
  const pdfFile = join(o.outDir, "report.pdf");
  const renderKey = renderKeyOf(files, nbOut, o, `${commit} ${dirty} pdf:${o.pdf}`);
  const renderKeyFile = join(o.outDir, "report.key");
  const renderedBefore =
    existsSync(htmlFile) &&
    (!o.pdf || existsSync(pdfFile)) &&
    existsSync(renderKeyFile) &&
    readFileSync(renderKeyFile, "utf8") === renderKey;
  if (!o.force && executed.length === 0 && renderedBefore) {
    const seconds = (performance.now() - started) / 1000;
    o.log(
      `report: unchanged since it was last built, kept ${relative(process.cwd(), htmlFile)} (${fixed(seconds, 1)} s)`,
    );
    return { html: htmlFile, pdf: o.pdf ? pdfFile : undefined, executed, cached, seconds };
  }
  rmSync(renderKeyFile, { force: true });
  const tmpHtml = `${htmlFile}.${process.pid}.tmp.html`;
  const tmpPdf = `${pdfFile}.${process.pid}.tmp`;
  const release = onInterrupt(() => {
    rmSync(tmpHtml, { force: true });
    rmSync(tmpPdf, { force: true });
  });
  try {
    const render = (browser: string) =>
      renderReport({
        ...front,
        sections,
        values,
        scorecard: scores,
        provenance: [
          ...provenance,
          ["browser (PDF)", browser],
          ["built", new Date().toISOString()],
          ["build time", `${fixed((performance.now() - started) / 1000, 1)} s`],
        ],
      });
    if (o.pdf) {
      await printReport(tmpHtml, tmpPdf, render, o.log, browser);
      renameSync(tmpPdf, pdfFile);
    } else writeFileAtomic(tmpHtml, render("none (HTML only)"));
    renameSync(tmpHtml, htmlFile);
    writeFileAtomic(join(o.outDir, "scorecard.json"), JSON.stringify(scores, null, 1) + "\n");
    writeFileAtomic(renderKeyFile, renderKey);
  } finally {
    rmSync(tmpHtml, { force: true });
    rmSync(tmpPdf, { force: true });
    release();
  }
  const seconds = (performance.now() - started) / 1000;
  o.log(
    `report: ${relative(process.cwd(), htmlFile)}${o.pdf ? `, ${relative(process.cwd(), pdfFile)}` : ""} ` +
      `(${fixed(seconds, 1)} s)`,
  );
  return { html: htmlFile, pdf: o.pdf ? pdfFile : undefined, executed, cached, seconds };
}

/**
 * What the pages show depends on: notebooks' keys (their source, the library, the data and the
 * parameters), the front matter, the commit and the outputs asked for. Unchanged, the report is kept.
 */
function renderKeyOf(files: string[], nbOut: string, o: BuildOptions, build: string): string {
  const frontFiles = readdirSync(o.frontDir)
    .filter((f) => /\.(md|json|bib)$/.test(f))
    .sort();
  return sha256(
    JSON.stringify(files.map((f) => readFileSync(join(nbOut, `${basename(f, ".ipynb")}.key`), "utf8"))),
    ...frontFiles.map((f) => f + readFileSync(join(o.frontDir, f), "utf8")),
    build,
  );
}

/** Execute (or reuse) every notebook; collect, in file order, their recorded values and which ones ran. */
async function runNotebooks(
  files: string[],
  nbOut: string,
  o: BuildOptions,
  dataSha: string,
  paramsJson: string,
  onEndNear: () => void,
) {
  const libHash = libraryIdentity(join(projectRoot(), "dist"));
  // Heavy results (bootstraps, cross-validation) are kept by content in <out>/cache and reused by
  // any notebook of this or a later build of the same library (§11); --force computes them again.
  const cacheDir = join(o.outDir, "cache");
  if (o.force) rmSync(cacheDir, { recursive: true, force: true });
  else
    for (const f of pruneResultCache(cacheDir, libHash))
      o.log(
        `removed cache/${f}, ${f.endsWith(".tmp") ? "left by an interrupted build" : "an earlier library's results"}`,
      );
  const executed: string[] = [];
  const cached: string[] = [];
  const values: Record<string, number | string> = {};
  const sections: ReportSection[] = [];

  const jobs = files.map((f, i) => {
    const name = basename(f, ".ipynb");
    const src = join(o.notebooksDir, f);
    return {
      src,
      out: join(nbOut, f),
      keyFile: join(nbOut, `${name}.key`),
      valuesFile: join(nbOut, `${name}.values.json`),
      key: sha256(readFileSync(src), libHash, dataSha, paramsJson),
      tag: `[${i + 1}/${files.length}] ${name}`,
      paramsJson,
      cacheDir,
    };
  });
  // Notebooks are independent (each records its own values; results they share go through the
  // content-keyed cache, which gives the same doubles whoever computes them), so as many run at
  // once as there are cores: most cells use one core, and a notebook's kernel start, light cells
  // and single-threaded fits fill the other. The longest start first (by the seconds each took
  // when it last ran into this folder; those never run here first, those with more heavy cells
  // before the others), so that a long one does not start last. After a failure no new notebook
  // starts; the first failure in file order is reported once the running ones end.
  const names = files.map((f) => basename(f, ".ipynb"));
  const durationsFile = join(nbOut, "durations.json");
  const durations = readDurations(durationsFile);
  const order = longestFirst(
    names,
    durations,
    files.map((f) => heavyCells(readFileSync(join(o.notebooksDir, f), "utf8"))),
  );
  const ran: boolean[] = new Array(files.length);
  const failures: { i: number; error: unknown }[] = [];
  let next = 0;
  const lanes = Math.min(availableParallelism(), files.length);
  // Each lane runs its notebooks in one process (started at its first notebook that executes), so
  // that tslab's executor, the cell compiler and the library load once per lane, not once per notebook.
  const lane = async () => {
    const runner = new NotebookRunner();
    try {
      while (next < order.length && failures.length === 0) {
        const i = order[next++];
        try {
          // One of the last notebooks to start, one per lane (the lightest: they start longest
          // first), is executing: the pages come next (see `build`). Waiting for the very last
          // one left Chromium starting (0.4 s under the notebooks' load) after the notebooks ended.
          const near = next > order.length - lanes ? onEndNear : () => {};
          const seconds = await executeNotebook(files[i], jobs[i], o, runner, near);
          ran[i] = seconds !== null;
          if (seconds !== null) durations[names[i]] = seconds;
        } catch (error) {
          failures.push({ i, error });
        }
      }
    } finally {
      runner.close();
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (ran.some(Boolean)) writeFileAtomic(durationsFile, JSON.stringify(durations, null, 1) + "\n");
  if (failures.length) throw failures.sort((a, b) => a.i - b.i)[0].error;
  for (const [i, j] of jobs.entries()) {
    const name = names[i];
    (ran[i] ? executed : cached).push(name);
    if (existsSync(j.valuesFile)) Object.assign(values, JSON.parse(readFileSync(j.valuesFile, "utf8")));
    sections.push({ name, notebook: readNotebook(j.out) });
  }

  return { executed, cached, values, sections };
}

/** Executed copies carry their prose resolved (a reader opening them sees numbers, not {{keys}}). */
function resolveExecutedProse(
  sections: ReportSection[],
  executed: string[],
  values: Record<string, number | string>,
  nbOut: string,
): void {
  for (const s of sections) {
    if (!executed.includes(s.name)) continue;
    const cells = s.notebook.cells.map((c) =>
      c.cell_type === "markdown" && /\{\{/.test(cellSource(c))
        ? { ...c, source: fillPlaceholders(cellSource(c), values, `${s.name}.ipynb`) }
        : c,
    );
    s.notebook = { ...s.notebook, cells };
    writeFileAtomic(join(nbOut, `${s.name}.ipynb`), JSON.stringify(s.notebook, null, 1) + "\n");
  }
}

/** Where one notebook's executed copy, key and values go, and the key its inputs hash to. */
interface NotebookJob {
  src: string;
  out: string;
  keyFile: string;
  valuesFile: string;
  key: string;
  tag: string;
  paramsJson: string;
  cacheDir: string;
}

/**
 * Execute one notebook with `runner` unless its executed copy carries the same key; the
 * seconds it ran, or null when its executed copy was reused. A failed cell stops the build
 * naming the cell, with the previous report left in place.
 */
async function executeNotebook(
  f: string,
  j: NotebookJob,
  o: BuildOptions,
  runner: NotebookRunner,
  onExecute: () => void,
): Promise<number | null> {
  const { src, out, keyFile, valuesFile, key, tag, paramsJson, cacheDir } = j;
  if (!o.force && existsSync(out) && existsSync(keyFile) && readFileSync(keyFile, "utf8") === key) {
    o.log(`${tag}: unchanged, using the executed copy`);
    return null;
  } else {
    rmSync(keyFile, { force: true });
    rmSync(valuesFile, { force: true });
    o.log(`${tag}: executing`);
    onExecute();
    // Interrupted, a half-run notebook leaves no values behind (its key is already gone).
    const release = onInterrupt(() => rmSync(valuesFile, { force: true }));
    const run = await runner.run(src, out, {
      env: { [PARAMS_ENV]: paramsJson, [VALUES_ENV]: valuesFile, [CACHE_ENV]: cacheDir },
      timeoutSeconds: 1800,
      onCell: (m) => o.log(`${tag}: cell ${m.index}/${m.total} ${m.ok ? "ok" : "FAILED"} (${fixed(m.seconds, 2)} s)`),
    });
    release();
    if (!run.ok) {
      if (run.failed) {
        const lines = run.failed.source
          .split("\n")
          .slice(0, 4)
          .map((l) => `    | ${l}`)
          .join("\n");
        throw new BuildError(
          `${f}: code cell ${run.failed.index} failed:\n${lines}\n  ${run.failed.ename}: ${run.failed.evalue}\n` +
            `(the executed notebook up to the failure is in ${out.replace(/\.ipynb$/, ".failed.ipynb")}; the ` +
            `previous report was left in place)`,
        );
      }
      throw new BuildError(`${f}: ${run.crash} (the previous report was left in place)`);
    }
    writeFileAtomic(keyFile, key);
    o.log(`${tag}: done in ${fixed(run.seconds, 1)} s`);
    return run.seconds;
  }
}

/** Appendix A's rows: data, sample stages, parameters, commit, versions, notebooks executed. */
function provenanceRows(
  params: NotebookParams,
  data: ReturnType<typeof loadEvaluations>,
  root: string,
  run: { commit: string; dirty: boolean; executed: string[]; cached: string[] },
): [string, string][] {
  const { commit, dirty, executed, cached } = run;
  const o = { params };
  return [
    ["data file", relative(root, o.params.data) || o.params.data],
    ["data SHA-256", data.sha256],
    [
      "rows (sheet → long → full → main sample)",
      `${data.stages.sheetRows} → ${data.stages.long} → ${data.stages.full} → ${data.stages.head}`,
    ],
    [
      "parameters",
      `seed ${o.params.seed}; bootstrap replicates ${o.params.bootstrap}; estimator ${o.params.estimator}; sample ` +
        `${o.params.sample}; quick ${o.params.quick}`,
    ],
    ["git commit", `${commit}${dirty ? " (working tree had uncommitted changes)" : ""}`],
    ["Node.js", process.version],
    [
      "TypeScript (library / notebooks)",
      `${packageVersion("typescript", root)} / ${packageVersion("@tslab/typescript-for-tslab", root)}`,
    ],
    ["tslab", packageVersion("tslab", root)],
    ["plotly.js", `${packageVersion(PLOTLY_BUNDLE, root)} (${PLOTLY_BUNDLE})`],
    ["puppeteer", packageVersion("puppeteer", root)],
    ["notebooks executed / reused", `${executed.join(", ") || "none"} / ${cached.join(", ") || "none"}`],
  ];
}

/**
 * The report's front matter: title and subtitle (front.json), abstract, discussion and bibliography.
 * Read when the build starts, so that a file missing or malformed fails it at once, by name,
 * before any notebook runs.
 */
function frontMatter(dir: string) {
  const read = <T>(name: string, parse: (text: string) => T): T => {
    const file = join(dir, name);
    try {
      return parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new BuildError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const front = read("front.json", (t) => {
    const f = JSON.parse(t) as { title?: unknown; subtitle?: unknown };
    if (typeof f.title !== "string" || typeof f.subtitle !== "string")
      throw new Error('needs "title" and "subtitle", each a string');
    return { title: f.title, subtitle: f.subtitle };
  });
  return {
    ...front,
    abstract: read("abstract.md", (t) => t),
    discussion: existsSync(join(dir, "discussion.md")) ? read("discussion.md", (t) => t) : undefined,
    bibliography: read("references.bib", parseBibliography),
  };
}

/**
 * What the pages need, started (once, on the first call of the function returned) while the last
 * notebooks run: Chromium (0.7 s of CPU to start, then 0.06–0.13 s of CPU a second while it waits,
 * measured here, so not at the build's start) and, on the next turn of the event loop, the
 * citations of the front matter's and the notebooks' markdown (`formatCitationsIn`: 0.4 s of
 * citeproc that would otherwise follow the last notebook). The citations are only a head start:
 * rendering formats any not done here and reports errors with their place, so a failure here is
 * left to it.
 */
function preparationToRender(
  o: BuildOptions,
  browser: ReturnType<typeof browserOnDemand>,
  front: ReturnType<typeof frontMatter>,
  files: string[],
): () => void {
  let started = false;
  return () => {
    if (started) return;
    started = true;
    if (o.pdf) browser.start();
    setImmediate(() => {
      try {
        const markdown = files.flatMap((f) =>
          readNotebook(join(o.notebooksDir, f))
            .cells.filter((c) => c.cell_type === "markdown")
            .map(cellSource),
        );
        formatCitationsIn(front.bibliography, [front.abstract, front.discussion ?? "", ...markdown]);
      } catch {
        // rendering formats them, and says what is wrong
      }
    });
  };
}

/** Where the browser's version goes in the rendered report (letters only: escaping keeps it). */
const BROWSER_SLOT = "algoprogressBrowserVersionSlot";

/**
 * Write the HTML, print it to PDF in Chromium and check the print: no network, no console errors,
 * every figure drawn.
 */
async function printReport(
  tmpHtml: string,
  tmpPdf: string,
  render: (browser: string) => string,
  log: (line: string) => void,
  browser: ReturnType<typeof browserOnDemand>,
): Promise<void> {
  // Rendering need not wait for Chromium, which may still be starting: the browser's version (a
  // provenance row) goes in once known, in place of a slot that escaping leaves as it is.
  const html = render(BROWSER_SLOT).split(BROWSER_SLOT);
  if (html.length !== 2) throw new Error(`the rendered report holds ${html.length - 1} browser slots, not 1`);
  writeFileAtomic(tmpHtml, html.join(escapeHtml(await (await browser.get()).version())));
  log("printing PDF");
  const check = await printPdf(await browser.page(), tmpHtml, tmpPdf);
  if (check.externalRequests.length > 0)
    throw new BuildError(`the report tried to load ${check.externalRequests.join(", ")}`);
  if (check.consoleErrors.length > 0)
    throw new BuildError(`the report logged errors in the browser: ${check.consoleErrors.join("; ")}`);
  if (check.drawnFigures !== check.figures)
    throw new BuildError(`only ${check.drawnFigures} of ${check.figures} figures drew`);
}
