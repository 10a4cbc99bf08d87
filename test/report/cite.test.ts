import assert from "node:assert/strict";
import { it } from "node:test";
import { formatCitationsIn, parseBibliography, resolveCitations } from "../../src/report/cite.js";

const BIB = `@misc{ho2024, title={Algorithmic progress}, author={Ho, Anson and Besiroglu, Tamay}, year={2024}}
@misc{kaplan2020, title={Scaling laws for neural language models}, author={Kaplan, Jared}, year={2020}}`;

it("citations formatted ahead are the ones rendering gives, and rendering does not format them again", () => {
  const rendered = new Set<string>();
  const fresh = parseBibliography(BIB);
  const text = "As [@ho2024] and [@kaplan2020; @ho2024] found, and [@ho2024] again.";
  const expected = resolveCitations(text, fresh, rendered, "test");
  // APA author–year text (citeproc's output for these entries; APA orders a group by author).
  assert.match(expected, /">\(Ho & Besiroglu, 2024\)<\/a> and /);
  assert.match(expected, /">\(Ho & Besiroglu, 2024; Kaplan, 2020\)<\/a> found/);

  const bib = parseBibliography(BIB);
  // An unknown key is left for rendering to report with its place.
  formatCitationsIn(bib, [text, "[@nobody]"]);
  assert.deepEqual([...bib.texts.keys()], ["ho2024", "kaplan2020;ho2024"]);
  bib.cite.format = () => {
    throw new Error("formatted again");
  };
  const used = new Set<string>();
  assert.equal(resolveCitations(text, bib, used, "test"), expected);
  assert.deepEqual([...used], ["ho2024", "kaplan2020"]);
  assert.throws(() => resolveCitations("[@nobody]", bib, used, "ch. 9"), /ch\. 9: unknown citation @nobody/);
});
