import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/stats-samples.ts';
import { SparseCounts } from './sparse-counts.ts';

describe('SparseCounts', () => {
  it('counts as a map would, through its growth, and from nothing again after clear', () => {
    const random = seededRandom(17);
    const counts = new SparseCounts();
    for (const distinct of [3, 5_000]) {
      const expected = new Map<number, number>();
      for (let i = 0; i < 40_000; i++) {
        const index = Math.floor(random() * distinct) * 7 + (i % 2 ? 0 : 65_536);
        counts.add(index);
        expected.set(index, (expected.get(index) ?? 0) + 1);
      }
      const pairs = [...expected].sort(([a], [b]) => a - b).flat();
      expect(counts.pairs()).toEqual(pairs);
      counts.clear();
      expect(counts.pairs()).toEqual([]);
    }
  });
});
