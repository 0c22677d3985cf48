/** Seeded samples for the stats tests (mulberry32 + Box–Muller): the same numbers on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` log-normal response times in ms (median `medianMs`, shape `sigma`). */
export function logNormalSamples(count: number, seed: number, medianMs = 50, sigma = 0.8): number[] {
  const random = seededRandom(seed);
  const samples: number[] = [];
  while (samples.length < count) {
    const u1 = random() || Number.MIN_VALUE;
    const u2 = random();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    samples.push(medianMs * Math.exp(sigma * z));
  }
  return samples;
}

/** The exact nearest-rank percentile (p in 0–100) of the samples. */
export function exactPercentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
