import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { logNormalSamples } from '../testing/stats-samples.ts';
import { StatsRecorder } from './recorder.ts';
import { RunStats } from './run-stats.ts';
import { buildSummary, type RunSummary } from './summary.ts';

// ajv-formats is CommonJS with a default export; under nodenext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

async function validator() {
  const schema = JSON.parse(await readFile(new URL('./summary.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

function realRun(): RunStats {
  const start = Date.UTC(2026, 4, 3, 12, 0, 0);
  const stats = new RunStats({ startedAt: start });
  const recorder = new StatsRecorder();
  const samples = logNormalSamples(5_000, 9);
  samples.forEach((ms, i) => {
    recorder.request(
      i % 2 ? 'GET' : 'PUT',
      i % 2 ? '/orders/{id}' : '/orders/{id}/confirm',
      ms,
      300,
      i % 97 ? undefined : 'HTTP 409',
    );
    if (i % 25 === 0)
      recorder.journey(
        'OrderLifecycle',
        ms * 16,
        i % 100 ? undefined : 'confirm',
        new Map([['confirmed', 1]]),
      );
  });
  recorder.journey('NeverCompletes', 5, 'first');
  recorder.exception(new RangeError('bad quantity'), 'OrderLifecycle.addItem');
  stats.merge(recorder.takeSnapshot());
  stats.tick(start + 1000, 5);
  stats.end(start + 2000);
  return stats;
}

describe('summary.json', () => {
  it('validates against summary.schema.json, with the run metadata slots filled', async () => {
    const validate = await validator();
    const summary: RunSummary = {
      ...buildSummary(realRun()),
      run: {
        profile: 'smoke',
        host: 'http://127.0.0.1:8000',
        embeddedService: true,
        threads: 1,
        users: 5,
        seed: 42,
        userClasses: { Shopper: 3, Browser: 1 },
        usersSpawned: { Shopper: 4, Browser: 1 },
        versions: { runner: '0.1.0', node: process.version },
      },
      thresholds: [
        {
          expression: 'p95<500ms',
          pass: true,
          metric: 'p95',
          op: '<',
          limit: 500,
          unit: 'ms',
          actual: 131.2,
        },
        {
          expression: 'GET /x: p95<1',
          pass: false,
          metric: 'p95',
          limit: 1,
          actual: null,
          reason: 'no requests named "GET /x"',
        },
      ],
      invariants: [{ name: 'no oversell', pass: true }],
      selfCheck: { suspect: false, reasons: [], cores: 2, cpuPeak: 0.4, lagP99PeakMs: 3 },
      exitCode: 0,
    };
    const json = JSON.parse(JSON.stringify(summary));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);

    expect(json.schemaVersion).toBe(1);
    expect(json.totals.requests).toBe(5_000);
    expect(json.totals.journeys).toBe(201);
    expect(json.endpoints.map((e: { method: string; name: string }) => `${e.method} ${e.name}`)).toEqual([
      'GET /orders/{id}',
      'PUT /orders/{id}/confirm',
    ]);
    expect(json.journeys[0].percentiles.p100).toBeNull();
    expect(Object.keys(json.totals.percentiles)).toEqual([
      'p50',
      'p66',
      'p75',
      'p80',
      'p90',
      'p95',
      'p98',
      'p99',
      'p99.9',
      'p99.99',
      'p100',
    ]);
    expect(json.journeys[1]).toMatchObject({
      name: 'OrderLifecycle',
      topInterruptStep: 'confirm',
      outcomes: { confirmed: 200 },
    });
    expect(json.failures).toMatchObject([
      { method: 'GET', name: '/orders/{id}', error: 'HTTP 409', occurrences: 26 },
      { method: 'PUT', name: '/orders/{id}/confirm', error: 'HTTP 409', occurrences: 26 },
    ]);
    expect(json.exceptions[0].message).toBe('RangeError: bad quantity');
  });

  it('rejects a summary without its numbers', async () => {
    const validate = await validator();
    const { totals: _totals, ...broken } = buildSummary(realRun());
    expect(validate(JSON.parse(JSON.stringify(broken)))).toBe(false);
    expect(validate({ ...buildSummary(realRun()), schemaVersion: 2 })).toBe(false);
  });
});
