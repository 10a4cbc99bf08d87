import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { before, describe, it } from "node:test";
import { projectRoot } from "../../src/notebook/params.js";
import { type BuildOptions, BuildError, buildReport } from "../../src/report/build.js";
import { launchBrowser } from "../../src/report/pdf.js";
import { PLOTLY_TRACE_TYPES } from "../../src/figures/plotly.js";
import { realisticSheet, sheetCsv, tempDir, writeTemp } from "../fixtures/sheets.js";
import { makeNotebook } from "../notebook/runner.test.js";
import { pageLayout } from "./pages.js";

const XSS = ['<img src=x onerror="window.__xss=1">', "</script><script>window.__xss=2</script>"];
const root = projectRoot();

describe("report build, end to end (fixture data, all notebooks)", { timeout: 600_000 }, () => {
  const out = tempDir("report-");
  let options: BuildOptions;

  before(async () => {
    // Names that would execute if any data string reached the page unescaped; the blank
    // uncertain flag puts them into the cleaning log shown in the report.
    const rows = XSS.map((name, i) => ({
      System: name,
      "Publication date": "2019/05/01",
      Reference: `Paper ${i}`,
      Parameters: 1e8,
      "Dataset Size": 1e9,
      "Perplexity (WT103)": 30 + i,
      Architecture: "Transformer",
    }));
    const extra = sheetCsv(rows).split("\r\n").slice(1).join("\r\n");
    const data = writeTemp(
      "sheet.csv",
      realisticSheet(40, (i) => (i === 3 ? `${XSS[0]} v2` : i === 5 ? `${XSS[1]} v2` : `Sys-${i}`)) + extra,
    );
    options = {
      params: { data, seed: 0, bootstrap: 20, estimator: "faithful", quick: true, sample: "reproduction" },
      notebooksDir: join(root, "notebooks"),
      outDir: out,
      frontDir: join(root, "report"),
      force: false,
      pdf: true,
      log: () => {},
    };
    await buildReport(options);
  });

  it("writes a self-contained HTML page that loads nothing from the network", () => {
    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?\/\//i);
    assert.match(html, /<h2 id="sec-1"><span class="secno">1\.<\/span> The data/);
    assert.ok((html.match(/<figure class="ap-figure"/g) ?? []).length >= 2);
    for (const name of XSS) assert.ok(!html.includes(name), `raw ${name} must not appear`);
    // The browser's version, filled in after rendering (src/report/build.ts, BROWSER_SLOT).
    assert.match(html, /<th>browser \(PDF\)<\/th><td>[^<]*Chrom[^<]*\d+\.\d+/);
    assert.doesNotMatch(html, /BrowserVersionSlot/);
  });

  it("leaves executed notebook copies with resolved prose, no {{placeholders}}", () => {
    for (const f of ["01-data.ipynb", "02-core-model.ipynb"]) {
      const nb = JSON.parse(readFileSync(join(out, "notebooks", f), "utf8")) as {
        cells: { cell_type: string; source: string | string[] }[];
      };
      const prose = nb.cells
        .filter((c) => c.cell_type === "markdown")
        .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source));
      assert.ok(
        prose.every((t) => !t.includes("{{")),
        `${f} still has placeholders`,
      );
    }
  });

  it("scores at least 25 published quantities in scorecard.json and shows the same table in an appendix", () => {
    const rows = JSON.parse(readFileSync(join(out, "scorecard.json"), "utf8")) as {
      id: string;
      pass: boolean;
      published: number;
    }[];
    assert.ok(rows.length >= 25, `${rows.length} quantities`);
    for (const r of rows)
      assert.deepEqual(Object.keys(r).slice(0, 8), [
        "id",
        "quantity",
        "published",
        "value",
        "low",
        "high",
        "tolerance",
        "pass",
      ]);
    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.match(html, /Appendix C\. Reproduction scorecard/);
    assert.match(html, new RegExp(`${rows.filter((r) => r.pass).length} of ${rows.length} published quantities`));
  });

  it("draws every figure in a browser with no external request, no error and no injected script", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      const url = pathToFileURL(join(out, "report.html")).href;
      await page.setRequestInterception(true);
      page.on("request", (r) =>
        r.url() === url || r.url().startsWith("data:") ? r.continue() : (requests.push(r.url()), r.abort()),
      );
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(url, { waitUntil: "load" });
      await page.waitForFunction("window.__reportReady === true", { timeout: 60_000 });
      const r = (await page.evaluate(`({
        xss: window.__xss, text: document.body.innerText, traces: Object.keys(Plotly.PlotSchema.get().traces),
        drawn: [...document.querySelectorAll("div.ap-plot")].filter((d) => d.querySelector("svg.main-svg")).length,
        figures: document.querySelectorAll("div.ap-plot").length,
        links: [...document.querySelectorAll("main a[href^='#']")]
          .map((a) => a.getAttribute("href"))
          .filter((h) => !document.getElementById(h.slice(1))) })`)) as {
        xss: unknown;
        text: string;
        traces: string[];
        drawn: number;
        figures: number;
        links: string[];
      };
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
      assert.equal(r.xss, undefined);
      assert.equal(r.drawn, r.figures);
      assert.deepEqual(r.traces, PLOTLY_TRACE_TYPES, "the trace types the bundled plotly.js draws");
      assert.deepEqual(r.links, [], "every cross-reference resolves to an element");
      assert.ok(r.text.includes(XSS[1]) || r.text.includes(XSS[0]), "a data name shows as text");
    } finally {
      await browser.close();
    }
  });

  it("in print layout (A4 less margins, print media) no table, figure or formula is wider than the page", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      // 210 mm − 2 × 15 mm (the report's @page margins) at 96 px per inch.
      await page.setViewport({ width: Math.floor((180 / 25.4) * 96), height: 1000 });
      await page.emulateMediaType("print");
      await page.goto(pathToFileURL(join(out, "report.html")).href, { waitUntil: "load" });
      await page.waitForFunction("window.__reportReady === true", { timeout: 60_000 });
      const wide = (await page.evaluate(`(() => {
        const body = document.body.getBoundingClientRect();
        return [...document.querySelectorAll("table, figure, .output-html, pre, .katex-display")]
          .filter((el) => {
            const b = el.getBoundingClientRect();
            const clipped = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible";
            return b.right > body.right + 1 || b.left < body.left - 1 || (clipped && el.tagName !== "PRE");
          })
          .map((el) => el.id || el.className);
      })()`)) as string[];
      assert.deepEqual(wide, []);
    } finally {
      await browser.close();
    }
  });

  it("prints no page more than half empty, except the last and those before a chapter", () => {
    const pages = pageLayout(join(out, "report.pdf"));
    const chapter = /^(\d+\. |Discussion and conclusion|References|Appendix|Provenance)/;
    const sparse = pages
      .slice(0, -1)
      .filter((p, k) => p.fill < 0.5 && !chapter.test(pages[k + 1].starts))
      .map((p) => `page ${p.page} (${Math.round(100 * p.fill)} % filled, next starts "${pages[p.page].starts}")`);
    assert.ok(pages.length > 5, `${pages.length} pages`);
    assert.deepEqual(sparse, []);
  });

  it("prints a PDF whose text has the title, the sections and the computed counts", () => {
    const text = execFileSync("pdftotext", [join(out, "report.pdf"), "-"], { encoding: "utf8" });
    assert.match(text, /Algorithmic progress in language models/);
    assert.match(text, /1\. The data: language-model evaluations/);
    assert.match(text, /Provenance/);
    assert.doesNotMatch(text, /\{\{/);
    assert.ok(
      readFileSync(join(out, "report.pdf")).includes("/Outlines"),
      "the PDF has bookmarks (an outline) from the headings",
    );
    // The abstract's headline is the sentence the core-model notebook computed from the rate summary.
    const values = JSON.parse(readFileSync(join(out, "notebooks", "02-core-model.values.json"), "utf8")) as {
      headline: string;
    };
    const flat = text.replace(/\s+/g, " ");
    assert.ok(flat.includes(values.headline.replace(/\s+/g, " ")), "the PDF's abstract carries the computed headline");
  });

  it("reuses executed notebooks when nothing changed", async () => {
    const r = await buildReport({ ...options, pdf: false });
    assert.deepEqual(r.executed, []);
    assert.ok(r.cached.includes("01-data"));
    // A second unchanged build keeps the pages themselves: their "built" time would differ if rendered again.
    const html = readFileSync(join(out, "report.html"));
    await buildReport({ ...options, pdf: false });
    assert.ok(readFileSync(join(out, "report.html")).equals(html), "the HTML was not rendered again");
  });

  it("stops at a failing cell, names it, and leaves the previous report intact", async () => {
    const before = readFileSync(join(out, "report.html"));
    const nbDir = tempDir("nbs-");
    cpSync(join(root, "notebooks", "01-data.ipynb"), join(nbDir, "01-data.ipynb"));
    writeFileSync(
      join(nbDir, "02-broken.ipynb"),
      JSON.stringify(makeNotebook(["md:# Broken", "const a = 1;", 'throw new Error("boom in cell two");'])),
    );
    await assert.rejects(buildReport({ ...options, notebooksDir: nbDir }), (e: unknown) => {
      assert.ok(e instanceof BuildError);
      assert.match(e.message, /02-broken\.ipynb: code cell 2 failed/);
      assert.match(e.message, /throw new Error\("boom in cell two"\)/);
      assert.match(e.message, /Error: boom in cell two/);
      return true;
    });
    assert.ok(readFileSync(join(out, "report.html")).equals(before));
  });

  it("records each executed notebook's seconds and starts the longest first in the next build", async () => {
    const seconds = JSON.parse(readFileSync(join(out, "notebooks", "durations.json"), "utf8")) as Record<
      string,
      number
    >;
    const chapters = readdirSync(join(root, "notebooks")).filter(
      (f) => /^\d\d-.*\.ipynb$/.test(f) && !f.startsWith("00"),
    );
    assert.deepEqual(Object.keys(seconds).sort(), chapters.map((f) => f.replace(/\.ipynb$/, "")).sort());
    assert.ok(Object.values(seconds).every((v) => v > 0 && Number.isFinite(v)));
    // Two one-cell notebooks, the second timed as the longer one in an earlier build into this folder.
    const nbDir = tempDir("nbs-long-");
    for (const name of ["01-short", "02-long"])
      writeFileSync(join(nbDir, `${name}.ipynb`), JSON.stringify(makeNotebook(["md:# N", "const a = 1;"])));
    const outDir = tempDir("out-long-");
    mkdirSync(join(outDir, "notebooks"));
    writeFileSync(join(outDir, "notebooks", "durations.json"), '{"01-short": 1, "02-long": 100}');
    const lines: string[] = [];
    // The build then stops at the abstract (these notebooks record none of its values); the order is in the log.
    await assert.rejects(
      buildReport({ ...options, notebooksDir: nbDir, outDir, pdf: false, log: (l) => lines.push(l) }),
      /\{\{|placeholder|value/,
    );
    const started = lines.filter((l) => l.endsWith(": executing"));
    assert.deepEqual(started, ["[2/2] 02-long: executing", "[1/2] 01-short: executing"]);
    const after = JSON.parse(readFileSync(join(outDir, "notebooks", "durations.json"), "utf8")) as Record<
      string,
      number
    >;
    assert.ok(after["01-short"] < 100 && after["02-long"] < 100, "the new timings replace the old");
  });

  it("reports the first failing notebook in file order when notebooks run at once", async () => {
    // Notebooks run as many at a time as there are cores: the second fails at once, the first
    // after a second's work; the error names the first, whatever finished first.
    const nbDir = tempDir("nbs-order-");
    const failing = (name: string, code: string) =>
      writeFileSync(join(nbDir, name), JSON.stringify(makeNotebook(["md:# Failing", code])));
    failing("01-slow.ipynb", 'const t = Date.now(); while (Date.now() - t < 1000); throw new Error("slow");');
    failing("02-fast.ipynb", 'throw new Error("fast");');
    await assert.rejects(buildReport({ ...options, notebooksDir: nbDir, pdf: false }), (e: unknown) => {
      assert.ok(e instanceof BuildError);
      assert.match(e.message, /^01-slow\.ipynb: code cell 1 failed/);
      return true;
    });
  });
});

describe("cross-reference numbering", () => {
  it("numbers tables and figures in order, skipping notebook-only cells, and fails on unknown labels", async () => {
    const { renderReport, RenderError } = await import("../../src/report/render.js");
    const { parseBibliography } = await import("../../src/report/cite.js");
    const { tableHtml } = await import("../../src/figures/table.js");
    const { PLOTLY_MIME } = await import("../../src/figures/plotly.js");
    const out = (html: string, tags?: string[]) => ({
      cell_type: "code" as const,
      metadata: tags ? { tags } : {},
      source: "",
      outputs: [{ output_type: "display_data" as const, data: { "text/html": html }, metadata: {} }],
    });
    const fig = {
      cell_type: "code" as const,
      metadata: {},
      source: "",
      outputs: [
        {
          output_type: "display_data" as const,
          data: { [PLOTLY_MIME]: { data: [], layout: { meta: { caption: "c", label: "f1" } } } },
          metadata: {},
        },
      ],
    };
    const nb = (cells: unknown[]) => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }) as never;
    const base = {
      title: "T",
      subtitle: "S",
      abstract: "A",
      values: {},
      provenance: [],
      bibliography: parseBibliography("@misc{k, title={t}, author={A, B}, year={2020}}"),
    };
    const md = (text: string) => ({ cell_type: "markdown" as const, metadata: {}, source: text });
    const html = renderReport({
      ...base,
      sections: [
        {
          name: "01-x",
          notebook: nb([
            md("# One\nSee @tbl:b, @tbl:a and @fig:f1 [@k]."),
            out(tableHtml({ caption: "hidden", columns: ["x"], rows: [[1]], label: "h" }), ["notebook-only"]),
            out(tableHtml({ caption: "first", columns: ["x"], rows: [[1]], label: "a" })),
            out(tableHtml({ caption: "second", columns: ["x"], rows: [[1]], label: "b" })),
            fig,
          ]),
        },
      ],
    });
    const main = html.slice(html.indexOf("<main>"), html.indexOf("</main>"));
    assert.ok(
      /See <a href="#tbl-b">Table 2<\/a>, <a href="#tbl-a">Table 1<\/a> and <a href="#fig-f1">Figure 1<\/a>/.test(main),
      main.slice(0, 600),
    );
    assert.ok(/\(A, 2020\)/.test(main), main.slice(0, 600));
    assert.ok(!main.includes("hidden"), "notebook-only output stays out of the report");
    const eqs = renderReport({
      ...base,
      sections: [
        {
          name: "01-x",
          notebook: nb([md("# One\nBy @eq:law and @eq:two.\n\n$$\ny = x\n$$ {#eq:law}\n\nand\n\n$$z = 1$$ {#eq:two}")]),
        },
      ],
    });
    const eqMain = eqs.slice(eqs.indexOf("<main>"), eqs.indexOf("</main>"));
    assert.ok(
      eqMain.includes('By <a href="#eq-law">Equation (1)</a> and <a href="#eq-two">Equation (2)</a>'),
      eqMain.slice(0, 400),
    );
    assert.ok(eqMain.includes('<span id="eq-law"></span>') && eqMain.includes('<span id="eq-two"></span>'), "anchors");
    assert.ok(/katex-display[\s\S]*\(1\)[\s\S]*katex-display[\s\S]*\(2\)/.test(eqMain), "tags render");
    assert.throws(
      () => renderReport({ ...base, sections: [{ name: "01-x", notebook: nb([md("# One\n@fig:nope")]) }] }),
      (e: unknown) =>
        e instanceof RenderError && /01-x\.ipynb cell 1: unknown cross-reference @fig:nope/.test((e as Error).message),
    );
    assert.throws(
      () => renderReport({ ...base, sections: [{ name: "01-x", notebook: nb([md("# One\n{{missing}}")]) }] }),
      /placeholder \{\{missing\}\} has no recorded value/,
    );
    // A trace type the report's plotly.js bundle does not have is refused by name, not left undrawn.
    const fig3d = structuredClone(fig);
    (fig3d.outputs[0].data[PLOTLY_MIME] as { data: unknown[] }).data = [{ type: "scatter3d" }, { x: [1] }];
    assert.throws(
      () => renderReport({ ...base, sections: [{ name: "01-x", notebook: nb([md("# One"), fig3d]) }] }),
      (e: unknown) =>
        e instanceof RenderError &&
        new RegExp(
          `01-x\\.ipynb.*figure "f1" has scatter3d traces, which the report's plotly\\.js ` +
            `\\(plotly\\.js-cartesian-dist-min\\) does not draw; it draws scatter, bar`,
        ).test((e as Error).message),
    );
  });
});
