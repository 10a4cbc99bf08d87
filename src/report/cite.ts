import { Cite } from "@citation-js/core";
import "@citation-js/plugin-bibtex";
import "@citation-js/plugin-csl";

/** A parsed BibTeX file, the keys it defines and the citations formatted from it so far. */
export interface Bibliography {
  cite: Cite;
  keys: Set<string>;
  /** Author–year text of each citation formatted so far, by its keys joined with ";". */
  texts: Map<string, string>;
}

/** Pandoc-style citations: `[@key]`, `[@a; @b]`. */
const CITATION = /\[(@[\w:-]+(?:\s*;\s*@[\w:-]+)*)\]/g;

/** Parse BibTeX text (citation-js) into a bibliography. */
export function parseBibliography(bibtex: string): Bibliography {
  const cite = new Cite(bibtex);
  return { cite, keys: new Set((cite.data as { id: string }[]).map((d) => d.id)), texts: new Map() };
}

/** The keys of one citation's text (`@a; @b` → [a, b]). */
function keysOf(group: string): string[] {
  return group.split(";").map((k) => k.trim().slice(1));
}

/** Author–year text of a citation of `keys` (APA), formatted once per bibliography. */
function citationText(bib: Bibliography, keys: string[]): string {
  const id = keys.join(";");
  let text = bib.texts.get(id);
  if (text === undefined) {
    text = bib.cite.format("citation", { template: "apa", entry: keys }) as string;
    bib.texts.set(id, text);
  }
  return text;
}

/**
 * Format now every citation of known keys in `texts` (markdown or HTML), so that rendering finds
 * them done. citeproc takes about 20 ms a citation and 150 ms to build its engine: the report build
 * does this while its notebooks run, not after them. Unknown keys are left to `resolveCitations`,
 * which reports them with their place.
 *
 * @example
 * const bib = parseBibliography(readFileSync("report/references.bib", "utf8"));
 * formatCitationsIn(bib, ["As [@ho2024] found"]); // bib.texts: { "ho2024" → "(Ho et al., 2024)" }
 */
export function formatCitationsIn(bib: Bibliography, texts: string[]): void {
  for (const t of texts)
    for (const [, group] of t.matchAll(CITATION)) {
      const keys = keysOf(group);
      if (keys.every((k) => bib.keys.has(k))) citationText(bib, keys);
    }
}

/**
 * Replace pandoc-style citations `[@key]` and `[@a; @b]` in rendered HTML with author–year
 * citations linked to the bibliography, recording which keys were used. An unknown key throws,
 * naming `where`.
 */
export function resolveCitations(html: string, bib: Bibliography, used: Set<string>, where: string): string {
  return html.replace(CITATION, (_, group: string) => {
    const keys = keysOf(group);
    for (const k of keys) {
      if (!bib.keys.has(k)) throw new Error(`${where}: unknown citation @${k} (not in report/references.bib)`);
      used.add(k);
    }
    return `<a class="cite" href="#ref-${keys[0]}">${citationText(bib, keys)}</a>`;
  });
}

/** The bibliography of the cited keys, as HTML (APA style), each entry with id `ref-KEY`. */
export function bibliographyHtml(bib: Bibliography, used: Set<string>): string {
  if (used.size === 0) return "";
  const html = bib.cite.format("bibliography", { format: "html", template: "apa", entry: [...used] }) as string;
  return html.replace(/data-csl-entry-id="([\w:-]+)"/g, 'id="ref-$1" data-csl-entry-id="$1"');
}
