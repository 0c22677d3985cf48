/** Escaping for the HTML report: text and attributes, and JSON or scripts inside a `<script>` element. */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or an attribute value, safe anywhere in the document. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * JSON that can sit inside `<script type="application/json">`: `<` becomes `\u003c`, so no
 * `</script>` or `<!--` in the data (an endpoint name, an error text) can end the element.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline JavaScript: a literal `</script` (never in uPlot today) would end the element early. */
export function scriptText(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}
