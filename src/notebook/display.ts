import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { PLOTLY_BUNDLE, PLOTLY_MIME, type Figure } from "../figures/plotly.js";
import { escapeHtml } from "../util/html.js";

const require = createRequire(import.meta.url);

/** A display message as tslab's kernel sends it (one MIME bundle). */
interface DisplayMessage {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: Record<string, unknown>;
}

/**
 * The source of plotly.js (PLOTLY_BUNDLE), safe inside an HTML script element: every "</script"
 * escaped so that none can end it early.
 */
export function plotlySource(): string {
  return readFileSync(require.resolve(PLOTLY_BUNDLE), "utf8").replace(/<\/script/gi, "<\\/script");
}

/**
 * The tslab executor (one per notebook: Jupyter's kernel, or each notebook a runner process
 * executes) whose front-end has been sent plotly.js in a fallback. tslab sets `__tslab__` anew for
 * each executor.
 */
let plotlySentTo: unknown = null;
/** Figures shown by this process: each fallback div's id is unique in it. */
let figures = 0;

/**
 * Self-contained HTML for a front-end without a Plotly renderer (Notebook 7 and JupyterLab without
 * the Plotly extension, nbconvert's HTML): a div drawn by plotly.js, which the first figure of the
 * notebook carries inline (no network), and the caption as text, readable where scripts
 * do not run. The figure object itself goes beside it under `PLOTLY_MIME`.
 */
export function figureFallbackHtml(fig: Figure, id: string, withLibrary: boolean): string {
  const lib = withLibrary ? `<script>if (!window.Plotly) {${plotlySource()}}</script>` : "";
  // JSON inside a script element: "<" escaped so no "</script>" can end it early.
  const json = JSON.stringify({ data: fig.data, layout: fig.layout }).replace(/</g, "\\u003c");
  const caption = fig.layout.meta?.caption ?? "";
  return (
    `${lib}<div id="${id}" style="min-height:${Number(fig.layout.height ?? 420)}px"></div>` +
    `<script>(function () { var f = ${json}; if (window.Plotly) window.Plotly.newPlot("${id}", f.data, f.layout, { ` +
    `responsive: true }); })();</script>` +
    `<p style="font-family: Georgia, serif; font-size: 90%">${escapeHtml(caption)}</p>`
  );
}

/**
 * Show a figure in a tslab notebook (Jupyter or the report build): one display with the figure as
 * an object under the Plotly MIME type (what JupyterLab's and VS Code's Plotly renderers and the
 * report read) and self-contained HTML beside it for front-ends without one
 * (`figureFallbackHtml`). Throws outside a tslab kernel.
 *
 * @example
 * const fig = perplexityOverTime(loadEvaluations("data/lm_evaluations.csv").full, "Perplexity over time.", "ppl");
 * let shown = "displayed";
 * try { showFigure(fig); } catch (e) { shown = (e as Error).message; } // in a notebook: displayed
 * shown; // → "showFigure works inside a tslab notebook kernel"
 */
export function showFigure(fig: Figure): void {
  const jupyter = require("tslab/dist/jupyter") as {
    lastWriteDisplayData: ((d: DisplayMessage, update: boolean) => void) | null;
  };
  if (!jupyter.lastWriteDisplayData) throw new Error("showFigure works inside a tslab notebook kernel");
  const session = (globalThis as { __tslab__?: unknown }).__tslab__;
  const html = figureFallbackHtml(fig, `ap-figure-${process.pid}-${++figures}`, session !== plotlySentTo);
  plotlySentTo = session;
  jupyter.lastWriteDisplayData(
    { data: { [PLOTLY_MIME]: { data: fig.data, layout: fig.layout }, "text/html": html }, metadata: {}, transient: {} },
    false,
  );
}
