/**
 * The page layout of a printed report, read back from the PDF with poppler's `pdftotext -bbox`:
 * how far down each page its text reaches (the running footer left out), the words it starts
 * with, and the figures and tables whose captions it carries.
 */
import { execFileSync } from "node:child_process";

export interface PageLayout {
  /** 1-based page number. */
  page: number;
  /** Lowest text line on the page as a share of the page height, the footer (page number) excluded. */
  fill: number;
  /** The page's first words, in reading order. */
  starts: string;
  /** Numbers of the figures and tables whose captions ("Figure 3.", "Table 12.") are on this page. */
  figures: number[];
  tables: number[];
}

/** Share of the page height below which text counts as the running footer (A4, 20 mm bottom margin). */
const FOOTER_TOP = 0.93;

export function pageLayout(pdf: string): PageLayout[] {
  const xhtml = execFileSync("pdftotext", ["-bbox", pdf, "-"], { encoding: "utf8", maxBuffer: 1 << 28 });
  const pages = [...xhtml.matchAll(/<page width="[\d.]+" height="([\d.]+)">([\s\S]*?)<\/page>/g)];
  return pages.map(([, height, body], k) => {
    const h = Number(height);
    const words = [...body.matchAll(/yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map(([, y, w]) => ({ y: Number(y), w }))
      .filter(({ y }) => y < FOOTER_TOP * h);
    const text = words.map(({ w }) => w).join(" ");
    const numbers = (kind: string) => [...text.matchAll(new RegExp(`\\b${kind} (\\d+)\\.`, "g"))].map((m) => +m[1]);
    return {
      page: k + 1,
      fill: words.length ? Math.max(...words.map(({ y }) => y)) / h : 0,
      starts: text.slice(0, 80),
      figures: numbers("Figure"),
      tables: numbers("Table"),
    };
  });
}
