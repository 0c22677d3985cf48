import { describe, expect, it } from 'vitest';
import { FAILURE_TEXT_CHARS, httpFailure, oneLine, userLine } from './failure-text.ts';

describe('failure text', () => {
  it('reduces an HTML error page to its words on one line, status kept', () => {
    const page =
      '<html>\n<head><title>502 Bad Gateway</title><style>h1 { x: 1 }</style></head>\n<body>\n  <h1>Bad\n\n   Gateway</h1>\n<!-- upstream down -->\n<p>a &amp; b &lt;c&gt;</p></body></html>';
    expect(httpFailure(502, page)).toBe('HTTP 502: Bad Gateway a & b <c>');
  });

  it('collapses whitespace of a body that spans lines, and keeps JSON as it is', () => {
    expect(httpFailure(500, 'Error: boom\n    at step (a.ts:1)\n\tat run (b.ts:2)\n')).toBe(
      'HTTP 500: Error: boom at step (a.ts:1) at run (b.ts:2)',
    );
    expect(httpFailure(409, '{"error":"a < b"}')).toBe('HTTP 409: {"error":"a < b"}');
  });

  it('caps the text with an ellipsis and names the status alone for an empty body', () => {
    const long = oneLine('y'.repeat(1000));
    expect(long).toHaveLength(FAILURE_TEXT_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(httpFailure(503, ' \n ')).toBe('HTTP 503');
    expect(httpFailure(404, `<p>${'z'.repeat(100_000)}`)).toHaveLength(
      'HTTP 404: '.length + FAILURE_TEXT_CHARS,
    );
  });

  it('keeps what a user wrote as written — markup included — on one line, for every display to escape', () => {
    expect(userLine('failure <img src=x onerror=alert(1)>')).toBe('failure <img src=x onerror=alert(1)>');
    expect(userLine('stock\n  <b>negative</b>')).toBe('stock <b>negative</b>');
  });

  it('writes control characters out, so a failure cannot recolour or rewrite the console', () => {
    expect(userLine('red \u001b[31mALERT\u001b[0m\u0007')).toBe('red \\x1b[31mALERT\\x1b[0m\\x07');
    expect(httpFailure(500, 'boom\u001b[2J')).toBe('HTTP 500: boom\\x1b[2J');
  });
});
