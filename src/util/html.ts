/**
 * Escape text for HTML element content and attribute values (& < > " '), the quotes as numeric
 * references: Plotly decodes those (and &amp; &lt; &gt;) in hover and axis text, but would show
 * `&quot;` as it is.
 *
 * @example
 * escapeHtml(`<b>"GPT-2"</b>`); // "&lt;b&gt;&#34;GPT-2&#34;&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" })[c]!);
}
