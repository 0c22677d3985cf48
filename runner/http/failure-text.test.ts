import { describe, expect, it } from 'vitest';
import { FAILURE_TEXT_CHARS, httpFailure, oneLine } from './failure-text.ts';

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
});
