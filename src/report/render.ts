import type { ScoreRow } from "./scorecard.js";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import katexPlugin from "@vscode/markdown-it-katex";
import MarkdownIt from "markdown-it";
import type { Figure } from "../figures/plotly.js";
import { PLOTLY_BUNDLE, PLOTLY_MIME, PLOTLY_TRACE_TYPES, undrawableTraces } from "../figures/plotly.js";
import { type Notebook, type NotebookCell, cellSource } from "../notebook/format.js";
import { plotlySource } from "../notebook/display.js";
import { escapeHtml } from "../util/html.js";
import { type Bibliography, bibliographyHtml, resolveCitations } from "./cite.js";
import { compact, prose } from "../util/format.js";

const require = createRequire(import.meta.url);

/** One executed notebook as a section of the report. */
export interface ReportSection {
  /** File name without extension, e.g. `01-data`. */
  name: string;
  notebook: Notebook;
}

/** What the report shows besides the notebooks. */
export interface ReportInput {
  title: string;
  subtitle: string;
  /** Markdown of the abstract (placeholders allowed). */
  abstract: string;
  sections: ReportSection[];
  /** Values recorded by the notebooks, filling `{{key}}` placeholders in markdown. */
  values: Record<string, number | string>;
  /** Rows of the provenance appendix: label → value (escaped when rendered). */
  provenance: [string, string][];
  /** Works that markdown may cite as `[@key]`. */
  bibliography: Bibliography;
  /** Markdown of the discussion and conclusion, after the notebooks (placeholders allowed). */
  discussion?: string;
  /** The reproduction scorecard (appendix C); omitted when empty. */
  scorecard?: ScoreRow[];
}

/** A report problem that must stop the build (unknown cross-reference, unfilled placeholder). */
export class RenderError extends Error {}

const NOTEBOOK_ONLY = "notebook-only";
const EQ_ANCHOR = "EQANCHOR\u2063";
/** A display equation $$…$$, optionally followed by a label {#eq:name}. */
const DISPLAY_EQ = /\$\$([\s\S]+?)\$\$(?:[ \t]*\{#eq:([\w-]+)\})?/g;

function markdownRenderer() {
  // Raw HTML in markdown is off: nothing from a notebook's prose can inject markup.
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true });
  const plugin = ((katexPlugin as { default?: unknown }).default ?? katexPlugin) as Parameters<typeof md.use>[0];
  md.use(plugin, { throwOnError: true });
  return md;
}

/** Format a recorded value for prose (`prose` in util/format); strings as they are. */
export function formatValue(v: number | string): string {
  return typeof v === "string" ? v : prose(v);
}

/** Replace `{{key}}` with recorded values; an unknown key stops the build, naming where it was. */
export function fillPlaceholders(text: string, values: Record<string, number | string>, where: string): string {
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, key: string) => {
    if (!(key in values))
      throw new RenderError(
        `${where}: placeholder {{${key}}} has no recorded value ` +
          `(recorded: ${Object.keys(values).sort().join(", ") || "none"})`,
      );
    return formatValue(values[key]);
  });
}

function isNotebookOnly(cell: NotebookCell): boolean {
  const tags = (cell.metadata?.tags as string[] | undefined) ?? [];
  return tags.includes(NOTEBOOK_ONLY);
}

/** Safe embedding of JSON inside a <script type="application/json"> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

interface Numbered {
  kind: "fig" | "tbl" | "eq";
  label: string;
  number: number;
}

/** Link text of a cross-reference by kind. */
const REF_NAME = { fig: "Figure", tbl: "Table", eq: "Equation" } as const;
/** An ap-table element with an optional data-label, as the library's table builders write it. */
const TABLE_TAG = /<table class="ap-table"(?: data-label="([\w-]+)")?/g;

/**
 * Render executed notebooks as one self-contained, paper-style HTML page: numbered sections from
 * the notebooks' titles, markdown with KaTeX, numbered figures (Plotly, bundled) and tables, code
 * hidden behind a per-cell toggle, a table of contents, the provenance appendix, and a readiness
 * flag (`window.__reportReady`) set once every plot has drawn and fonts have loaded.
 */
export function renderReport(input: ReportInput): string {
  const refs = numberTargets(input.sections);
  const cited = new Set<string>();
  const ctx: RenderContext = {
    md: markdownRenderer(),
    values: input.values,
    figures: [],
    figN: 0,
    tblN: 0,
    eqN: 0,
    resolveRefs: (html, where) =>
      resolveCitations(html, input.bibliography, cited, where).replace(
        /@(fig|tbl|eq):([\w-]+)/g,
        (_, kind: keyof typeof REF_NAME, label: string) => {
          const r = refs.get(`${kind}:${label}`);
          if (!r) throw new RenderError(`${where}: unknown cross-reference @${kind}:${label}`);
          return `<a href="#${kind}-${label}">${REF_NAME[kind]} ${kind === "eq" ? `(${r.number})` : r.number}</a>`;
        },
      ),
  };
  const toc: string[] = [];
  const index: string[] = [];
  const body = input.sections.map((s, si) => {
    const { html, title } = renderSection(s, si + 1, ctx);
    toc.push(`<li><a href="#sec-${si + 1}">${si + 1}. ${escapeHtml(title)}</a></li>`);
    const code = s.notebook.cells.filter((c) => c.cell_type === "code").length;
    index.push(
      `<tr><td>${si + 1}</td><td><code>notebooks/${escapeHtml(s.name)}.ipynb</code></td>` +
        `<td>${escapeHtml(title)}</td><td>${code}</td></tr>`,
    );
    return html;
  });

  const prose = (markdown: string, where: string) =>
    ctx.resolveRefs(ctx.md.render(fillPlaceholders(markdown, input.values, where)), where);
  const abstract = prose(input.abstract, "abstract");
  const discussion = input.discussion
    ? `<section class="discussion" id="discussion">${prose(input.discussion, "discussion")}</section>`
    : "";
  if (discussion) toc.push(`<li><a href="#discussion">Discussion and conclusion</a></li>`);
  const references = bibliographyHtml(input.bibliography, cited);
  if (references) toc.push(`<li><a href="#references">References</a></li>`);
  toc.push(`<li><a href="#provenance">A. Provenance</a></li>`, `<li><a href="#notebooks">B. Notebook index</a></li>`);
  const scores = input.scorecard ?? [];
  if (scores.length) toc.push(`<li><a href="#scorecard">C. Reproduction scorecard</a></li>`);
  const lead = input.values.leadEstimator !== undefined ? String(input.values.leadEstimator) : "";

  // Only scripts carrying this nonce run: an injected inline handler (onerror=…) is refused by the
  // browser even if escaping ever failed. Derived from the content, so a rebuild is byte-identical.
  const figuresJson = scriptJson(ctx.figures);
  const nonce = createHash("sha256").update(body.join("")).update(figuresJson).digest("base64").slice(0, 22);
  const csp =
    `default-src 'none'; script-src 'nonce-${nonce}' 'unsafe-eval'; style-src 'unsafe-inline'; ` +
    "font-src data:; img-src data:";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escapeHtml(input.title)}</title>
<style>${katexCss()}</style>
<style>${REPORT_CSS}</style>
</head><body>
<header class="title"><h1>${escapeHtml(input.title)}</h1><p class="subtitle">${escapeHtml(input.subtitle)}</p></header>
<section class="abstract"><h2>Abstract</h2>${abstract}</section>
<nav class="toc"><h2>Contents</h2><ol>${toc.join("")}</ol></nav>
<main>${body.join("\n")}${discussion}</main>
${references ? `<section class="references" id="references"><h2>References</h2>${references}</section>` : ""}
${provenanceSection(input.provenance)}
${notebookIndexSection(index)}
${scores.length ? scorecardSection(scores, lead) : ""}
<script id="figures" type="application/json">${figuresJson}</script>
<script nonce="${nonce}">${plotlySource()}</script>
<script nonce="${nonce}">${READY_SCRIPT}</script>
</body></html>
`;
}

/** What rendering the sections shares: markdown, recorded values, figure and table counters, references. */
interface RenderContext {
  md: ReturnType<typeof markdownRenderer>;
  values: Record<string, number | string>;
  /** Figures in document order; each plot div names its index here. */
  figures: Figure[];
  figN: number;
  tblN: number;
  eqN: number;
  /** Citations and @fig/@tbl/@eq cross-references resolved in rendered HTML. */
  resolveRefs: (html: string, where: string) => string;
}

/** Number figures, tables and labelled equations in document order, so cross-references can resolve forward. */
function numberTargets(sections: ReportSection[]): Map<string, Numbered> {
  const refs = new Map<string, Numbered>();
  let figN = 0;
  let tblN = 0;
  let eqN = 0;
  for (const s of sections) {
    for (const cell of s.notebook.cells) {
      if (isNotebookOnly(cell)) continue;
      if (cell.cell_type === "markdown") {
        for (const m of cellSource(cell).matchAll(DISPLAY_EQ)) {
          eqN++;
          if (m[2]) refs.set(`eq:${m[2]}`, { kind: "eq", label: m[2], number: eqN });
        }
      }
      for (const o of cell.outputs ?? []) {
        if (o.output_type !== "display_data") continue;
        if (PLOTLY_MIME in o.data) {
          const label = ((o.data[PLOTLY_MIME] as Figure).layout?.meta as { label?: string } | undefined)?.label;
          figN++;
          if (label) refs.set(`fig:${label}`, { kind: "fig", label, number: figN });
        } else if (typeof o.data["text/html"] === "string") {
          for (const m of (o.data["text/html"] as string).matchAll(TABLE_TAG)) {
            tblN++;
            if (m[1]) refs.set(`tbl:${m[1]}`, { kind: "tbl", label: m[1], number: tblN });
          }
        }
      }
    }
  }
  return refs;
}

/** One notebook as a numbered section: its first "# Title" becomes the heading; headings below are demoted. */
function renderSection(s: ReportSection, sec: number, ctx: RenderContext): { html: string; title: string } {
  let title: string | null = null;
  const out: string[] = [];
  s.notebook.cells.forEach((cell, ci) => {
    const where = `${s.name}.ipynb cell ${ci + 1}`;
    if (isNotebookOnly(cell)) return;
    if (cell.cell_type === "markdown") {
      let src = fillPlaceholders(cellSource(cell), ctx.values, where);
      if (title === null) {
        const m = /^#\s+(.+)$/m.exec(src);
        if (m) {
          title = m[1].trim();
          out.push(`<h2 id="sec-${sec}"><span class="secno">${sec}.</span> ${ctx.md.renderInline(title)}</h2>`);
          src = src.replace(m[0], "");
        }
      }
      // Demote notebook headings one level below the section title.
      src = numberEquations(
        src.replace(/^(#{1,5})\s/gm, (_, h: string) => `${h}# `),
        ctx,
      );
      out.push(
        ctx
          .resolveRefs(ctx.md.render(src), where)
          .replace(new RegExp(`<p>${EQ_ANCHOR}([\\w-]+)</p>`, "g"), '<span id="eq-$1"></span>'),
      );
    } else if (cell.cell_type === "code") out.push(...renderCodeCell(cell, where, ctx));
  });
  if (title === null)
    throw new RenderError(
      `${s.name}.ipynb: the first markdown cell needs a "# Title" heading (it becomes the section title)`,
    );
  return { html: `<section class="nb" id="nb-${escapeHtml(s.name)}">${out.join("\n")}</section>`, title };
}

/** Number every display equation with \tag{n}; a trailing {#eq:label} makes it referable. */
function numberEquations(src: string, ctx: RenderContext): string {
  return src.replace(DISPLAY_EQ, (_m, body: string, label?: string) => {
    ctx.eqN++;
    // Markdown cannot carry raw HTML (html: false), so the anchor is a marker replaced after rendering.
    return `${label ? `\n\n${EQ_ANCHOR}${label}\n\n` : ""}$$${body.trim()} \\tag{${ctx.eqN}}$$`;
  });
}

/** A code cell: source, streams and plain results behind a toggle; figures, tables and prose shown. */
function renderCodeCell(cell: NotebookCell, where: string, ctx: RenderContext): string[] {
  const hidden: string[] = [`<pre class="code"><code>${escapeHtml(cellSource(cell))}</code></pre>`];
  const shown: string[] = [];
  for (const o of cell.outputs ?? []) {
    if (o.output_type === "stream") hidden.push(`<pre class="stream">${escapeHtml(o.text)}</pre>`);
    else if (o.output_type === "execute_result")
      hidden.push(`<pre class="result">${escapeHtml(String(o.data["text/plain"] ?? ""))}</pre>`);
    else if (o.output_type === "error")
      throw new RenderError(`${where}: the executed notebook holds an error output (${o.ename}: ${o.evalue})`);
    else if (PLOTLY_MIME in o.data) shown.push(renderFigure(o.data[PLOTLY_MIME] as Figure, where, ctx));
    else if (typeof o.data["text/html"] === "string") {
      // HTML outputs come from the library's builders, which escape every data string.
      const html = (o.data["text/html"] as string).replace(
        /<table class="ap-table"(?: data-label="([\w-]+)")?>\s*<caption>/g,
        (_m, label?: string) => {
          ctx.tblN++;
          const id = label ? `tbl-${label}` : `table-${ctx.tblN}`;
          return `<table class="ap-table" id="${id}"><caption><span class="tblno">Table ${ctx.tblN}.</span> `;
        },
      );
      // Not passed through resolveRefs: table cells hold data strings, which must stay literal.
      shown.push(`<div class="output-html">${html}</div>`);
    } else if (typeof o.data["text/markdown"] === "string") {
      const markdown = fillPlaceholders(o.data["text/markdown"] as string, ctx.values, where);
      shown.push(ctx.resolveRefs(ctx.md.render(markdown), where));
    } else if (typeof o.data["image/png"] === "string") {
      shown.push(`<img alt="" src="data:image/png;base64,${escapeHtml(o.data["image/png"] as string)}">`);
    } else if (typeof o.data["text/plain"] === "string") {
      hidden.push(`<pre class="result">${escapeHtml(o.data["text/plain"] as string)}</pre>`);
    }
  }
  return [`<details class="code-cell"><summary>code</summary>${hidden.join("")}</details>`, ...shown];
}

/** A numbered figure: an empty plot div the ready script draws into, and its caption. */
function renderFigure(fig: Figure, where: string, ctx: RenderContext): string {
  const meta = (fig.layout?.meta ?? {}) as { caption?: string; label?: string };
  const undrawable = undrawableTraces(fig);
  if (undrawable.length)
    throw new RenderError(
      `${where}: figure ${meta.label ? `"${meta.label}"` : ctx.figN + 1} has ${undrawable.join(", ")} traces, which ` +
        `the report's plotly.js (${PLOTLY_BUNDLE}) does not draw; it draws ${PLOTLY_TRACE_TYPES.join(", ")}`,
    );
  ctx.figN++;
  ctx.figures.push(fig);
  const id = meta.label ? `fig-${meta.label}` : `figure-${ctx.figN}`;
  const caption = meta.caption
    ? ctx.resolveRefs(ctx.md.renderInline(fillPlaceholders(meta.caption, ctx.values, where)), where)
    : "";
  return (
    `<figure class="ap-figure" id="${id}"><div class="ap-plot" data-index="${ctx.figures.length - 1}"></div>` +
    `<figcaption><span class="figno">Figure ${ctx.figN}.</span> ${caption}</figcaption></figure>`
  );
}

/** Appendix A: label → value rows, both escaped. */
function provenanceSection(rows: [string, string][]): string {
  const body = rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("");
  return (
    `<section class="appendix" id="provenance"><h2>Appendix A. Provenance</h2>` +
    `<table class="prov">${body}</table></section>`
  );
}

/** Appendix B: one row per notebook section. */
function notebookIndexSection(rows: string[]): string {
  return (
    `<section class="appendix" id="notebooks"><h2>Appendix B. Notebook index</h2><p>Each section is one notebook, ` +
    "executed for this build; the executed copies (outputs included) are kept beside the report in " +
    "<code>notebooks/</code> and open in JupyterLab with the tslab kernel.</p>" +
    `<table class="prov"><tr><th>§</th><th>notebook</th><th>title</th><th>code cells</th></tr>` +
    `${rows.join("")}</table>` +
    "</section>"
  );
}

/** Appendix C: each published quantity beside this build's value, interval, tolerance and verdict. */
function scorecardSection(scores: ScoreRow[], estimator: string): string {
  const fmt = (x: number | null) => (x === null ? "—" : escapeHtml(compact(x)));
  const rows = scores.map(
    (r) =>
      `<tr><td class="num">${escapeHtml(r.id)}</td><td>${escapeHtml(r.quantity)}</td>` +
      `<td class="num">${fmt(r.published)}</td>` +
      `<td class="num">${r.value === null ? escapeHtml(r.note ?? "—") : fmt(r.value)}</td>` +
      `<td class="num">${r.low !== null && r.high !== null ? `${fmt(r.low)} – ${fmt(r.high)}` : "—"}</td>` +
      `<td class="num">± ${fmt(r.tolerance)}</td><td>${r.pass ? "✓" : "✗"}</td></tr>`,
  );
  return (
    `<section class="appendix" id="scorecard"><h2>Appendix C. Reproduction scorecard</h2>` +
    `<p>${scores.filter((r) => r.pass).length} of ${scores.length} published quantities (docs/method.md §8) ` +
    `are reproduced within the stated tolerance by this build (${escapeHtml(estimator)} estimator); ` +
    "the same table is in <code>scorecard.json</code> beside the report. " +
    "A quantity reproduced by this build is marked ✓, one outside its tolerance ✗.</p>" +
    '<table class="score"><tr><th>id</th><th>quantity</th><th>published</th><th>this build</th>' +
    `<th>95 % interval</th><th>tolerance</th><th></th></tr>${rows.join("")}</table></section>`
  );
}

/** KaTeX's stylesheet with its woff2 fonts inlined as data URIs (no network, one file). */
function katexCss(): string {
  const dir = join(dirname(require.resolve("katex/package.json")), "dist");
  const css = readFileSync(join(dir, "katex.min.css"), "utf8");
  return css.replace(/src:([^;}]*)/g, (_, srcs: string) => {
    const woff2 = /url\((fonts\/[^)]+\.woff2)\)/.exec(srcs);
    if (!woff2) return `src:${srcs}`;
    const data = readFileSync(join(dir, woff2[1])).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

const READY_SCRIPT = `
(function () {
  var figs = JSON.parse(document.getElementById("figures").textContent);
  var divs = document.querySelectorAll("div.ap-plot");
  var jobs = [];
  divs.forEach(function (div) {
    var f = figs[Number(div.dataset.index)];
    var layout = Object.assign({}, f.layout);
    delete layout.width;
    jobs.push(Plotly.newPlot(div, f.data, layout, { displaylogo: false, responsive: true }));
  });
  Promise.all(jobs).then(function () { return document.fonts.ready; }).then(function () {
    window.__reportReady = true;
    document.documentElement.dataset.ready = "1";
  }, function (e) { window.__reportError = String(e); console.error(e); });
})();
`;

const REPORT_CSS = `
:root { --text: #1a1a1a; --muted: #555; --rule: #ccc; }
html { font-size: 16px; }
body {
  font-family: Georgia, "Times New Roman", Times, serif; color: var(--text);
  max-width: 680px; margin: 2.5rem auto; padding: 0 1rem; line-height: 1.55;
}
header.title { text-align: center; margin-bottom: 2rem; }
header.title h1 { font-size: 1.9rem; line-height: 1.25; margin-bottom: 0.4rem; }
.subtitle { color: var(--muted); font-style: italic; margin-top: 0; }
.abstract { margin: 0 2rem 2rem; font-size: 0.95rem; }
.abstract h2, .toc h2 { font-size: 1rem; text-transform: uppercase; letter-spacing: 0.05em; text-align: center; }
.toc ol { padding-left: 1.5rem; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }
h3 { font-size: 1.15rem; margin-top: 1.8rem; }
h4 { font-size: 1rem; }
figure.ap-figure { margin: 1.5rem 0; break-inside: avoid; }
figure.ap-figure figcaption, table.ap-table caption {
  font-size: 0.9rem; color: var(--muted); text-align: left; margin-top: 0.3rem;
}
.figno, .tblno { font-weight: bold; color: var(--text); }
table.ap-table { border-collapse: collapse; margin: 1.2rem auto; font-size: 0.85rem; break-inside: avoid; }
table.ap-table caption { caption-side: top; margin-bottom: 0.4rem; }
table.ap-table th, table.ap-table td {
  padding: 0.2rem 0.6rem; border-bottom: 1px solid #e3e3e3; text-align: left; vertical-align: top;
}
table.ap-table thead th { border-bottom: 2px solid #444; }
table.ap-table td.num, table.ap-table th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.ap-table tfoot td { font-size: 0.8rem; color: var(--muted); border: none; }
.output-html { overflow-x: auto; }
details.code-cell { margin: 0.4rem 0; font-size: 0.8rem; }
details.code-cell summary { color: #888; cursor: pointer; font-family: ui-monospace, Menlo, monospace; }
pre { background: #f7f7f7; padding: 0.5rem; overflow-x: auto; font-size: 0.78rem; }
.csl-entry { padding-left: 2em; text-indent: -2em; margin-bottom: 0.4rem; font-size: 0.9rem; }
a.cite { color: inherit; text-decoration: none; }
table.prov th { text-align: left; padding-right: 1rem; font-weight: normal; color: var(--muted); vertical-align: top; }
table.prov td { font-family: ui-monospace, Menlo, monospace; font-size: 0.8rem; word-break: break-all; }
table.score { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
table.score th {
  text-align: left; font-weight: normal; color: var(--muted);
  border-bottom: 1px solid #ccc; padding: 0.2rem 0.5rem 0.2rem 0;
}
table.score td { padding: 0.15rem 0.5rem 0.15rem 0; vertical-align: top; }
table.score td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
.katex-display { overflow-x: auto; overflow-y: hidden; }
@page { size: A4; margin: 18mm 15mm 20mm; }
@media print {
  body { margin: 0 auto; max-width: none; font-size: 11pt; }
  details.code-cell, nav.toc, .modebar-container { display: none !important; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  /* Paper has no scroll bar: a wide table shrinks and wraps its cells instead of being clipped. */
  .output-html { overflow: visible; }
  table.ap-table { font-size: 7.5pt; max-width: 100%; }
  table.ap-table th, table.ap-table td { padding: 0.15rem 0.25rem; }
  table.ap-table td { overflow-wrap: anywhere; }
  /* A long table (16 rows or more) may continue on the next page, its header repeated, rather than
     leave most of a page blank; a row is never split. */
  table.ap-table:has(tbody tr:nth-child(16)) { break-inside: auto; }
  table.ap-table tr { break-inside: avoid; }
}
`;
