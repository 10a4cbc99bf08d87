import { escapeHtml } from "../util/html.js";
import { compact, fixed } from "../util/format.js";

/** A table for a notebook or the report: every cell is text and is escaped when rendered. */
export interface TableSpec {
  /** Caption shown above the table (numbered by the report). */
  caption: string;
  columns: string[];
  rows: (string | number | null)[][];
  /** Label for cross-references from markdown (`@tbl:label`); letters, digits, `_` and `-`. */
  label?: string;
  /** Optional note under the table. */
  note?: string;
  /** Number of fraction digits for numbers (default: up to 4 significant decimals). */
  digits?: number;
}

/**
 * Render a table as HTML (`<table class="ap-table">` with a caption), escaping every string, so
 * names from data files can never inject markup. Notebooks display it with `display.html`.
 *
 * @example
 * const html = tableHtml({ caption: "Sizes", columns: ["system", "N"], rows: [["<GPT-2>", 1.5e9]] });
 * html.split("\n")[4]; // → '<tr><td>&lt;GPT-2&gt;</td><td class="num">1.50e+9</td></tr>'
 */
export function tableHtml(spec: TableSpec): string {
  const cell = (v: string | number | null) =>
    v === null
      ? ""
      : typeof v === "number"
        ? spec.digits === undefined
          ? compact(v)
          : fixed(v, spec.digits)
        : escapeHtml(v);
  const numeric = spec.columns.map(
    (_, j) => spec.rows.length > 0 && spec.rows.every((r) => r[j] === null || typeof r[j] === "number"),
  );
  const td = (v: string | number | null, j: number) => `<td${numeric[j] ? ' class="num"' : ""}>${cell(v)}</td>`;
  return [
    `<table class="ap-table"${spec.label ? ` data-label="${checkLabel(spec.label)}"` : ""}>`,
    `<caption>${escapeHtml(spec.caption)}</caption>`,
    "<thead><tr>" +
      spec.columns.map((c, j) => `<th${numeric[j] ? ' class="num"' : ""}>${escapeHtml(c)}</th>`).join("") +
      "</tr></thead>",
    `<tbody>`,
    ...spec.rows.map((r) => `<tr>${r.map(td).join("")}</tr>`),
    `</tbody>`,
    spec.note ? `<tfoot><tr><td colspan="${spec.columns.length}">${escapeHtml(spec.note)}</td></tr></tfoot>` : "",
    `</table>`,
  ].join("\n");
}

/** A cross-reference label: letters, digits, `_` and `-` only (so it is safe in HTML and URLs). */
export function checkLabel(label: string): string {
  if (!/^[\w-]+$/.test(label)) throw new Error(`label "${label}" may contain only letters, digits, _ and -`);
  return label;
}
