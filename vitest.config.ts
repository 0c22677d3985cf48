import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// `journeys-runner` resolves to its TypeScript sources in this repository (docs/decisions.md).
const conditions = ['journeys-source', ...defaultServerConditions];

/**
 * The files that take longest, started first: with no durations cached (a fresh checkout, CI),
 * vitest starts the largest files first, and a long file of few lines started last kept the
 * whole run waiting for it. Where durations are cached, vitest's own order comes first.
 */
const SLOW_FIRST = [
  'suite/races.test.ts',
  'suite/profiles.test.ts',
  'runner/commands/cli-find-limit.test.ts',
  'runner/distributed/web-master.test.ts',
  'runner/distributed/distributed.test.ts',
  'faults/runner/runner-faults.test.ts',
  'runner/api/package.test.ts',
  'faults/runner/hooks-faults.test.ts',
  'faults/service/kill-9.test.ts',
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = SLOW_FIRST.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return index < 0 ? SLOW_FIRST.length : index;
    };
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map(({ spec }) => spec);
  }
}

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '.bench-tools/**', 'results/**', '.data/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    // Four files at a time on a 2-core machine: the longest files wait on their runs' clocks
    // (users thinking, a run's -t) more than they compute, and the others fill the idle cores.
    maxWorkers: 4,
    sequence: { sequencer: SlowFirst },
  },
});
