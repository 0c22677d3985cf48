import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLocustCsv } from './csv.ts';
import { loadRunStats, rawStatsFile, readRawStats, writeRawStats } from './raw-file.ts';
import { StatsRecorder } from './recorder.ts';
import { RunStats } from './run-stats.ts';
import { FOLDED_ERROR, MAX_DISTINCT_ERRORS } from './tables.ts';

describe('raw stats files and bounded tables', () => {
  it('saves and loads raw stats that rebuild the same CSV; refuses other files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journeys-raw-'));
    try {
      const stats = new RunStats({ startedAt: 1_000_000 });
      const recorder = new StatsRecorder();
      for (let i = 0; i < 1000; i++)
        recorder.request('GET', '/a', 1 + i / 10, 10, i % 10 ? undefined : 'HTTP 500');
      stats.merge(recorder.takeSnapshot());
      stats.tick(1_001_000, 3);
      stats.end(1_002_000);
      const path = rawStatsFile(join(dir, 'smoke'));
      expect(path).toBe(join(dir, 'smoke_raw.json'));
      await writeRawStats(path, stats);
      expect(renderLocustCsv(await loadRunStats(path))).toEqual(renderLocustCsv(stats));

      await writeFile(join(dir, 'other.json'), '{"hello":1}');
      await expect(readRawStats(join(dir, 'other.json'))).rejects.toThrow(
        /other\.json: not a journeys raw stats file/,
      );
      await expect(readRawStats(join(dir, 'missing.json'))).rejects.toThrow(
        /missing\.json: cannot read raw stats/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps at most MAX_DISTINCT_ERRORS distinct failures and exceptions, counting the rest in a folded row', () => {
    const recorder = new StatsRecorder();
    const stats = new RunStats({ startedAt: 0 });
    for (let i = 0; i < MAX_DISTINCT_ERRORS + 100; i++) {
      recorder.request('GET', '/orders/{id}', 1, 0, `HTTP 404: order ${i} not found`);
      recorder.exception(new Error(`unique ${i}`), 'somewhere');
    }
    stats.merge(recorder.takeSnapshot());
    const failures = stats.failures();
    expect(failures).toHaveLength(MAX_DISTINCT_ERRORS + 1);
    expect(failures.reduce((n, f) => n + f.occurrences, 0)).toBe(MAX_DISTINCT_ERRORS + 100);
    expect(failures.find((f) => f.error === FOLDED_ERROR)?.occurrences).toBe(100);
    expect(stats.exceptions()).toHaveLength(MAX_DISTINCT_ERRORS + 1);
    expect(stats.exceptions().reduce((n, x) => n + x.count, 0)).toBe(MAX_DISTINCT_ERRORS + 100);
  });
});
