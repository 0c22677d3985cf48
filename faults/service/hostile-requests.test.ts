import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../service/testing/test-service.ts';
import { reportFigures } from '../testing/figures.ts';
import { rawExchange } from '../testing/raw-http.ts';

const json = '{"external_id":"raw","email":"r@example.com","first_name":"R","last_name":"W"}';

/** Requests no proper client sends: broken framing, encodings, sizes and methods. */
const REQUESTS: [string, string][] = [
  ['bad percent-encoding', 'GET /customers/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['NUL in the path', 'GET /customers/a%00b HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['dot segments', 'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['8 KiB path', `GET /customers/${'a'.repeat(8192)} HTTP/1.1\r\nHost: x\r\n\r\n`],
  ['20 KiB header', `GET /health HTTP/1.1\r\nHost: x\r\nX-Junk: ${'j'.repeat(20_000)}\r\n\r\n`],
  ['non-numeric Content-Length', `POST /customers HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n${json}`],
  ['negative Content-Length', `POST /customers HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n${json}`],
  [
    'two Content-Lengths',
    `POST /customers HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n${json}`,
  ],
  [
    'Content-Length and chunked',
    `POST /customers HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
  ],
  [
    'bad chunk size',
    'POST /customers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
  ],
  ['unknown method', 'BREW /customers HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['HTTP/0.9 request line', 'GET /health\r\n\r\n'],
  ['garbage request line', '\u0001\u0002\u0003 nonsense\r\n\r\n'],
  ['header without colon', 'GET /health HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'],
  ['CR-LF in a header value', 'GET /health HTTP/1.1\r\nHost: x\r\nX-Request-ID: a\rb\r\n\r\n'],
  ['10 KiB X-Request-ID', `GET /health HTTP/1.1\r\nHost: x\r\nX-Request-ID: ${'r'.repeat(10_000)}\r\n\r\n`],
  ['page=abc', 'GET /inventory?page=abc&page_size=1e9 HTTP/1.1\r\nHost: x\r\n\r\n'],
  [
    'JSON as form',
    `POST /customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=1&b=2`,
  ],
  ['body on GET', `GET /customers/x HTTP/1.1\r\nHost: x\r\nContent-Length: ${json.length}\r\n\r\n${json}`],
  [
    'gzip body that is not gzip',
    `POST /customers HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
  ],
  [
    'Expect: 100-continue',
    `POST /customers HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
  ],
  ['absolute-form target', 'GET http://evil.example/health HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'],
  [
    'pipelined junk after a request',
    'GET /health HTTP/1.1\r\nHost: x\r\n\r\n\u0000\u0000\u0000GARBAGE\r\n\r\n',
  ],
];

describe('hostile requests over a raw socket', () => {
  let service: TestService;
  const errors: string[] = [];
  beforeAll(async () => {
    service = await startTestService(
      'pglite',
      {},
      {
        log: (level, message, fields) => {
          if (level === 'error') errors.push(`${message} ${JSON.stringify(fields)}`);
        },
      },
    );
  }, 180_000); // PGlite start-up takes long on a busy machine
  afterAll(() => service?.close());

  it(`${REQUESTS.length} malformed requests: each answered below 500 (or refused by the parser), no stack, no SQL`, async () => {
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    for (const [name, bytes] of REQUESTS) {
      const { status, text } = await rawExchange(
        service.url,
        (socket) => void socket.write(bytes, 'latin1'),
        1500,
      );
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      if (status === undefined && text !== '')
        failures.push(`${name}: unparseable answer ${text.slice(0, 80)}`);
      if (status !== undefined && status >= 500) failures.push(`${name}: ${text.slice(0, 200)}`);
      if (/\n\s+at |SELECT |INSERT |postgres\.js|drizzle|PGlite/.test(text))
        failures.push(`${name} leaks: ${text.slice(0, 300)}`);
    }
    reportFigures('hostile requests (raw socket)', {
      tries: REQUESTS.length,
      statuses: JSON.stringify(statuses),
      '5xx': failures.length,
    });
    expect(failures).toEqual([]);
    expect(errors).toEqual([]);
    expect((await service.api.get('/health')).status).toBe(200);
  });
});
