/**
 * The one place a failure's text is made: the failures table, the console, `_failures.csv`,
 * the HTML report and hook messages all show it, and each needs one short line. An error
 * page (HTML) or a stack trace in a body would otherwise break every one of them.
 */

/** The longest failure text kept, in characters; the rest is cut with an ellipsis. */
export const FAILURE_TEXT_CHARS = 200;

const HTML_HINT = /<\s*[a-z!/]/i;
const HIDDEN_ELEMENTS = /<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENTS = /<!--[\s\S]*?-->/g;
const TAGS = /<[^>]*>/g;
const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};
const ENTITY = /&(?:amp|lt|gt|quot|#39|nbsp);/g;
const WHITESPACE = /\s+/g;
// C0 controls but whitespace, DEL and C1: a failure text must not move a terminal's cursor or colour it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/** Control characters written out (`\x1b`), so the console shows them rather than obeys them. */
function visibleControls(text: string): string {
  return text.replace(CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Text reduced to one line: tags (and what scripts and styles hold) dropped when it looks
 * like HTML, whitespace runs collapsed to one space, cut at `max` characters.
 * @example oneLine('<h1>Bad\n Gateway</h1>') // 'Bad Gateway'
 */
export function oneLine(text: string, max = FAILURE_TEXT_CHARS): string {
  let line = text;
  if (HTML_HINT.test(line)) {
    line = line
      .replace(HIDDEN_ELEMENTS, ' ')
      .replace(COMMENTS, ' ')
      .replace(TAGS, ' ')
      .replace(ENTITY, (entity) => ENTITIES[entity]);
  }
  line = visibleControls(line).replace(WHITESPACE, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The failure text of a response: its status, then its body on one line.
 * @example httpFailure(502, '<html><body><h1>502 Bad Gateway</h1></body></html>') // 'HTTP 502: 502 Bad Gateway'
 */
export function httpFailure(status: number, body: string): string {
  // Cut before cleaning: a megabyte error page must not cost a megabyte of regex work.
  const line = oneLine(body.length > 16 * FAILURE_TEXT_CHARS ? body.slice(0, 16 * FAILURE_TEXT_CHARS) : body);
  return line === '' ? `HTTP ${status}` : `HTTP ${status}: ${line}`;
}

/**
 * A text the user wrote (a check's verdict, a thrown message) on one line: whitespace runs
 * collapsed and cut at `max`, but never stripped of anything that looks like markup —
 * `failure <img src=x>` is what the user said; every place that shows it escapes it.
 * @example userLine('stock\n <b>negative</b>') // 'stock <b>negative</b>'
 */
export function userLine(text: string, max = FAILURE_TEXT_CHARS): string {
  const line = visibleControls(text).replace(WHITESPACE, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
