import assert from "node:assert/strict";
import { it } from "node:test";
import { escapeHtml } from "../../src/util/html.js";

// Plotly's entity decoding of hover and axis text (plotly.js src/lib/svg_text_utils.js,
// convertEntities): numeric references and the names mu, amp, lt, gt, nbsp, times, plusmn, deg.
const PLOTLY_NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">" };
const plotlyDecode = (s: string) =>
  s.replace(/&(#\d+|#x[\da-fA-F]+|[a-z]+);/g, (m, r: string) =>
    r[0] === "#"
      ? String.fromCodePoint(r[1] === "x" ? parseInt(r.slice(2), 16) : parseInt(r.slice(1), 10))
      : (PLOTLY_NAMED[r] ?? m),
  );

it("escapes markup and quotes so that no tag or attribute can be opened", () => {
  const s = escapeHtml(`<img src=x onerror="alert('x')">&`);
  assert.doesNotMatch(s, /[<>"']/);
  assert.equal(s, "&lt;img src=x onerror=&#34;alert(&#39;x&#39;)&#34;&gt;&amp;");
});

it("gives text that Plotly's hover labels show as the original, quotes included", () => {
  const name = `"Transformer-XL" (Dai et al.'s) <large> & more`;
  assert.equal(plotlyDecode(escapeHtml(name)), name);
});
