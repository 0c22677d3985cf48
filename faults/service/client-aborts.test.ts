import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../service/testing/test-service.ts';
import { reportFigures } from '../testing/figures.ts';
import { rawExchange } from '../testing/raw-http.ts';

const ABORTS = 40;

function countOf(metrics: string, status: string): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('journeys_http_requests_total{') && line.includes(`status="${status}"`))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('clients that leave mid-request', () => {
  let service: TestService;
  const lines: string[] = [];
  beforeAll(async () => {
    service = await startTestService(
      'pglite',
      {},
      { log: (level, message) => lines.push(`${level} ${message}`) },
    );
  }, 180_000); // PGlite start-up takes long on a busy machine
  afterAll(() => service?.close());

  it(`${ABORTS} requests cut off mid-body are counted as 499, not 500, and logged as one quiet line each`, async () => {
    await Promise.all(
      Array.from({ length: ABORTS }, (_, n) =>
        rawExchange(
          service.url,
          (socket) => {
            socket.write(
              `POST /customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"external_id":"gone-${n}"`,
            );
            setTimeout(() => socket.destroy(), 50);
          },
          200,
        ),
      ),
    );
    // The server sees each close a moment later.
    let metrics = '';
    for (let i = 0; i < 50 && countOf(metrics, '499') < ABORTS; i++) {
      await sleep(100);
      metrics = String((await service.api.get('/metrics')).body);
    }
    reportFigures('client aborts', {
      tries: ABORTS,
      '499': countOf(metrics, '499'),
      '500': countOf(metrics, '500'),
    });
    expect(countOf(metrics, '499')).toBe(ABORTS);
    expect(countOf(metrics, '500')).toBe(0);
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(lines.filter((l) => l === 'info client closed request')).toHaveLength(ABORTS);
  });
});
