import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer";
import { CHROMIUM_ARGS, findBrowser } from "./browser.js";

/** What the browser saw while loading the report (used by the PDF step and by tests). */
export interface PageCheck {
  /** Requests for anything other than the file itself (must be none). */
  externalRequests: string[];
  consoleErrors: string[];
  /** Number of figures whose Plotly SVG drew. */
  drawnFigures: number;
  figures: number;
  /** The browser's version string. */
  browserVersion: string;
}

/** Launch the system browser headless with the flags this machine needs. */
export async function launchBrowser(): Promise<Browser> {
  // Over a pipe, not a socket: when the build dies, even by SIGKILL, the pipe closes and Chromium exits with it.
  return puppeteer.launch({ executablePath: findBrowser(), headless: true, pipe: true, args: CHROMIUM_ARGS });
}

/**
 * A browser launched on the first `start()`, `get()` or `page()` and closed by `close()` (if it
 * was): the report build starts Chromium while its last notebook runs, so that the start-up does
 * not add to the serial end of the build (a build that reuses every notebook may not print at all).
 * With the browser, a blank page opens: Chromium's first navigation (about 0.2 s, its renderer
 * starting) then overlaps the notebooks too, and `page()` gives that page. A failed launch is
 * reported by `get()` and `page()`.
 */
export function browserOnDemand(): {
  start(): void;
  get(): Promise<Browser>;
  page(): Promise<Page>;
  close(): Promise<void>;
} {
  let launching: Promise<Browser> | null = null;
  let opening: Promise<Page> | null = null;
  const start = () => {
    if (launching) return;
    launching = launchBrowser();
    opening = launching.then(async (browser) => {
      const page = await browser.newPage();
      await page.goto("about:blank");
      return page;
    });
    // Not awaited until get() or page(): a failure must not surface as an unhandled rejection before then.
    launching.catch(() => {});
    opening.catch(() => {});
  };
  return {
    start,
    get() {
      start();
      return launching!;
    },
    page() {
      start();
      return opening!;
    },
    async close() {
      const browser = await launching?.catch(() => null);
      await browser?.close();
    },
  };
}

/**
 * Load `htmlFile` in `page`, a page of headless Chromium (closed at the end), refuse every request
 * that leaves the file, wait for the page's ready flag (all plots drawn, fonts loaded), then print
 * it to `pdfFile` (A4, page numbers) unless it is null. Reports what the page requested, logged and
 * drew.
 */
export async function printPdf(
  page: Page,
  htmlFile: string,
  pdfFile: string | null,
  timeoutMs = 120_000,
): Promise<PageCheck> {
  try {
    await page.setViewport({ width: 760, height: 1000 });
    const url = pathToFileURL(htmlFile).href;
    const externalRequests: string[] = [];
    const consoleErrors: string[] = [];
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      if (req.url() === url || req.url().startsWith("data:")) return void req.continue();
      externalRequests.push(req.url());
      void req.abort();
    });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
    await page.waitForFunction("window.__reportReady === true || window.__reportError !== undefined", {
      timeout: timeoutMs,
    });
    const err = await page.evaluate("window.__reportError");
    if (err) throw new Error(`the report page failed to draw its figures: ${String(err)}`);
    const { drawn, total } = (await page.evaluate(`({
      drawn: [...document.querySelectorAll("div.ap-plot")].filter((d) => d.querySelector("svg.main-svg")).length,
      total: document.querySelectorAll("div.ap-plot").length })`)) as { drawn: number; total: number };
    if (pdfFile)
      await page.pdf({
        path: pdfFile,
        format: "A4",
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate:
          '<div style="font-size:8px;width:100%;text-align:center;color:#666"><span class="pageNumber"></span> / ' +
          '<span class="totalPages"></span></div>',
        margin: { top: "18mm", bottom: "20mm", left: "15mm", right: "15mm" },
        // Bookmarks from the headings: a PDF reader's table of contents.
        tagged: true,
        outline: true,
      });
    return {
      externalRequests,
      consoleErrors,
      drawnFigures: drawn,
      figures: total,
      browserVersion: await page.browser().version(),
    };
  } finally {
    await page.close();
  }
}
