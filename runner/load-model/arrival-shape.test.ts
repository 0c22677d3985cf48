import { describe, expect, it } from 'vitest';
import { arrivalShapeDuration, arrivalsBy, arrivalTime, peakRate, rateAt } from './arrival-shape.ts';

/** Every arrival of a finite shape, in seconds. */
function allArrivals(segments: Parameters<typeof arrivalTime>[0]): number[] {
  const times: number[] = [];
  for (let k = 0; ; k++) {
    const t = arrivalTime(segments, k);
    if (t === undefined) return times;
    times.push(t);
  }
}

describe('arrivalTime', () => {
  it('spaces a constant rate evenly from the start: R×D arrivals in D seconds', () => {
    const times = allArrivals([{ durationSeconds: 3, fromRate: 20, toRate: 20 }]);
    expect(times).toHaveLength(60);
    expect(times[0]).toBe(0);
    expect(times[1]).toBeCloseTo(0.05, 12);
    expect(times[59]).toBeCloseTo(2.95, 12);
  });

  it('counts a fractional rate by its integral', () => {
    expect(allArrivals([{ durationSeconds: 10, fromRate: 0.5, toRate: 0.5 }])).toEqual([0, 2, 4, 6, 8]);
    expect(allArrivals([{ durationSeconds: 1, fromRate: 2.5, toRate: 2.5 }])).toHaveLength(3);
  });

  it('ramps linearly: arrival k is due where the integral of the rate reaches k', () => {
    // 0 → 10/s over 10 s: integral 50, t_k = sqrt(2k) since the integral is t²/2.
    const ramp = [{ durationSeconds: 10, fromRate: 0, toRate: 10 }];
    const times = allArrivals(ramp);
    expect(times).toHaveLength(50);
    expect(times[8]).toBeCloseTo(4, 12);
    expect(times[32]).toBeCloseTo(8, 12);
    // More arrivals per second as the rate rises.
    const perSecond = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (const t of times) perSecond[Math.floor(t)]++;
    expect(perSecond).toEqual([1, 1, 3, 3, 5, 5, 7, 7, 9, 9]);
  });

  it('ramps down, and chains stages from where the last one ended', () => {
    const stages = [
      { durationSeconds: 2, fromRate: 0, toRate: 4 },
      { durationSeconds: 2, fromRate: 4, toRate: 4 },
      { durationSeconds: 2, fromRate: 4, toRate: 0 },
    ];
    const times = allArrivals(stages);
    expect(times).toHaveLength(16);
    expect(times[4]).toBe(2);
    expect(times[12]).toBe(4);
    // 4τ − τ² = 3 in the last stage: τ = 1.
    expect(times[15]).toBeCloseTo(5, 12);
    expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);
  });

  it('jumps at once over a stage of zero seconds', () => {
    const stages = [
      { durationSeconds: 0, fromRate: 0, toRate: 10 },
      { durationSeconds: 1, fromRate: 10, toRate: 10 },
    ];
    expect(allArrivals(stages)).toHaveLength(10);
  });

  it('never ends without a time limit', () => {
    const endless = [{ durationSeconds: Number.POSITIVE_INFINITY, fromRate: 4, toRate: 4 }];
    expect(arrivalTime(endless, 4_000_000)).toBe(1_000_000);
  });
});

describe('rateAt, arrivalsBy, peakRate, arrivalShapeDuration', () => {
  const stages = [
    { durationSeconds: 10, fromRate: 0, toRate: 10 },
    { durationSeconds: 5, fromRate: 10, toRate: 10 },
  ];

  it('gives the target rate and the due arrivals at any moment', () => {
    expect(rateAt(stages, 2.5)).toBe(2.5);
    expect(rateAt(stages, 12)).toBe(10);
    expect(rateAt(stages, 15)).toBe(0);
    expect(arrivalsBy(stages, 10)).toBe(50);
    expect(arrivalsBy(stages, 100)).toBe(100);
    expect(peakRate(stages)).toBe(10);
    expect(arrivalShapeDuration(stages)).toBe(15);
  });
});
