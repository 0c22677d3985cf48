import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startSelfCheck } from './self-check.ts';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin: holds the CPU and the event loop
  }
}

describe('startSelfCheck', () => {
  it('stays quiet while the runner idles', async () => {
    const check = startSelfCheck({ cpuLimit: 0.99, lagLimitMs: 1000, sustainSeconds: 1 });
    await sleep(50);
    expect(check.sample().warning).toBeUndefined();
    expect(check.result()).toMatchObject({ suspect: false, reasons: [] });
  });

  it('warns once a limit has held for the sustain period, and marks the run suspect', async () => {
    const check = startSelfCheck({
      cpuLimit: 0.01,
      lagLimitMs: 5,
      sustainSeconds: 2,
      cores: 1,
      lagResolutionMs: 10,
    });
    const samples = [];
    for (let i = 0; i < 3; i++) {
      await sleep(15);
      busy(60);
      await sleep(15);
      samples.push(check.sample());
    }
    expect(samples[0].warning).toBeUndefined();
    expect(samples[1].warning).toMatch(/lag p99 above 5 ms|CPU above 1%/);
    expect(samples[2].warning).toBeUndefined();
    const result = check.result();
    expect(result.suspect).toBe(true);
    expect(result.reasons).toHaveLength(2);
    expect(result.lagP99PeakMs).toBeGreaterThan(5);
  });

  it('the default, coarser probe still sees a blocked loop', async () => {
    const check = startSelfCheck({ cpuLimit: 0.99, lagLimitMs: 5, sustainSeconds: 1 });
    await sleep(120);
    busy(200);
    await sleep(120);
    const sample = check.sample();
    expect(sample.lagP99Ms).toBeGreaterThan(5);
    expect(sample.warning).toMatch(/lag p99 above 5 ms/);
    check.result();
  });
});
