import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLocustCsv } from '../stats/csv.ts';
import { rawStatsFile } from '../stats/raw-file.ts';
import { StatsRecorder } from '../stats/recorder.ts';
import { RunStats } from '../stats/run-stats.ts';
import { loadRunStats, readRawStats, writeRawStats } from './raw-stats-file.ts';

describe('raw stats files', () => {
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
});
