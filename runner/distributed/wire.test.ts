import { describe, expect, it } from 'vitest';
import { StatsRecorder } from '../stats/recorder.ts';
import { RunStats } from '../stats/run-stats.ts';
import { PERCENTILES } from '../stats/types.ts';
import { logNormalSamples } from '../testing/stats-samples.ts';
import { configFromWire, configToWire, snapshotFromWire, snapshotToWire } from './wire.ts';

describe('the wire format of master and workers', () => {
  it('a snapshot through JSON merges exactly as the snapshot itself: counts and every percentile', () => {
    const recorder = new StatsRecorder();
    for (const [i, ms] of logNormalSamples(5000, 7).entries())
      recorder.request('GET', i % 3 === 0 ? '/a' : '/b', ms, 100, i % 50 === 0 ? 'HTTP 500' : undefined);
    recorder.exception(new Error('boom'), 'step x');
    const snapshot = recorder.takeSnapshot();
    const direct = new RunStats({ startedAt: 0, fullHistory: false });
    direct.merge(snapshot);
    const carried = new RunStats({ startedAt: 0, fullHistory: false });
    carried.merge(snapshotFromWire(JSON.parse(JSON.stringify(snapshotToWire(snapshot)))));
    const figures = (stats: RunStats) => {
      const all = stats.aggregated();
      return [all.count, all.failures, ...PERCENTILES.map((p) => all.percentile(p))];
    };
    expect(figures(carried)).toEqual(figures(direct));
    expect(figures(direct)[0]).toBe(5000);
    expect(figures(direct)[1]).toBe(100);
    recorder.close();
  });

  it('run settings keep an endless stage and an all-at-once spawn rate through JSON', () => {
    const stage = {
      durationSeconds: Number.POSITIVE_INFINITY,
      users: 3,
      spawnRate: Number.POSITIVE_INFINITY,
    };
    const back = configFromWire(configToWire({ stages: [stage], users: 3 } as never));
    expect(back.stages[0]).toEqual(stage);
    expect(back.users).toBe(3);
  });
});
