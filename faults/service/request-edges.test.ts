/**
 * What the service refuses before any route: a JSON endpoint sent another content type (415),
 * a repeated Host header (400), a control character in an id — in the path or in a body's id
 * field (400). And what it still takes: JSON with a charset, a `+json` type, no Content-Type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../service/testing/test-service.ts';
import { reportFigures } from '../testing/figures.ts';
import { rawExchange } from '../testing/raw-http.ts';

let n = 0;
const customer = (externalId = `edge-${n++}`) =>
  JSON.stringify({ external_id: externalId, email: 'e@example.com', first_name: 'E', last_name: 'D' });

describe('the HTTP edge', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('memory');
  }, 60_000);
  afterAll(() => service?.close());

  const post = (path: string, body: string, contentType?: string) =>
    fetch(`${service.url}${path}`, {
      method: 'POST',
      body,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
    });
  const raw = async (head: string, body = '') => {
    const bytes = `${head}\r\n${body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : ''}\r\n${body}`;
    const { status, text } = await rawExchange(service.url, (socket) => void socket.write(bytes), 1000);
    return { status, text: text.slice(text.indexOf('\r\n\r\n') + 4) };
  };

  it('refuses what it must and takes what it may, each with a JSON error naming the problem', async () => {
    const cases: {
      name: string;
      answer: () => Promise<{ status: number | undefined; text: string }>;
      status: number;
      says?: RegExp;
    }[] = [
      ...[
        'text/plain',
        'text/plain; charset=utf-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'text/html',
        'application/jsonx',
      ].map((type) => ({
        name: `JSON sent as ${type}`,
        answer: async () => {
          const res = await post('/customers', customer(), type);
          return { status: res.status, text: await res.text() };
        },
        status: 415,
        says: /is not JSON: send application\/json/,
      })),
      ...[
        'application/json',
        'application/json; charset=utf-8',
        'Application/JSON',
        'application/vnd.api+json',
      ].map((type) => ({
        name: `JSON sent as ${type}`,
        answer: async () => {
          const res = await post('/customers', customer(), type);
          return { status: res.status, text: await res.text() };
        },
        status: 201,
      })),
      {
        // fetch would add text/plain to a string body: a raw request sends none.
        name: 'JSON sent with no Content-Type',
        answer: () => raw('POST /customers HTTP/1.1\r\nHost: x', customer()),
        status: 201,
      },
      {
        name: 'two Host headers',
        answer: () => raw('GET /health HTTP/1.1\r\nHost: a.example\r\nHost: b.example'),
        status: 400,
        says: /More than one Host header/,
      },
      {
        name: 'the same Host twice',
        answer: () => raw('GET /health HTTP/1.1\r\nHost: x\r\nhost: x'),
        status: 400,
        says: /More than one Host header/,
      },
      { name: 'one Host header', answer: () => raw('GET /health HTTP/1.1\r\nHost: x'), status: 200 },
      ...['%0D%0A', '%0A', '%01', '%7F', '%C2%85', '%00'].map((encoded) => ({
        name: `${encoded} in a path id`,
        answer: () => raw(`GET /customers/a${encoded}b HTTP/1.1\r\nHost: x`),
        status: 400,
        says: /control character/,
      })),
      {
        name: 'CRLF in a path id of a command',
        answer: () =>
          raw(
            'POST /orders/a%0D%0ASet-Cookie:x/cancel HTTP/1.1\r\nHost: x\r\nContent-Type: application/json',
            '{}',
          ),
        status: 400,
        says: /control character/,
      },
      ...['a\r\nb', 'a\nb', 'a\u0001b', 'a\u007fb', 'a\u0085b'].map((id) => ({
        name: `${JSON.stringify(id)} as external_id`,
        answer: async () => {
          const res = await post('/customers', customer(id), 'application/json');
          return { status: res.status, text: await res.text() };
        },
        status: 400,
        says: /external_id contains a control character/,
      })),
      {
        name: 'a tab inside a name (not an id) is still taken',
        answer: async () => {
          const res = await post(
            '/customers',
            JSON.stringify({
              external_id: `edge-${n++}`,
              email: 'e@example.com',
              first_name: 'E\tF',
              last_name: 'D',
            }),
            'application/json',
          );
          return { status: res.status, text: await res.text() };
        },
        status: 201,
      },
    ];
    const wrong: string[] = [];
    const statuses: Record<string, number> = {};
    for (const c of cases) {
      const { status, text } = await c.answer();
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      const body = (() => {
        try {
          return JSON.parse(text) as { error?: unknown };
        } catch {
          return undefined;
        }
      })();
      if (status !== c.status || (c.says && !c.says.test(String(body?.error))))
        wrong.push(`${c.name}: ${status} ${text.slice(0, 160)}`);
    }
    reportFigures('request edges (content type, Host, control characters)', {
      tries: cases.length,
      held: cases.length - wrong.length,
      lost: wrong.length,
      statuses: JSON.stringify(statuses),
    });
    expect(wrong).toEqual([]);
  }, 60_000);
});
