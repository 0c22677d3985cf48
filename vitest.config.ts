import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// `journeys-runner` resolves to its TypeScript sources in this repository (docs/decisions.md).
const conditions = ['journeys-source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '.bench-tools/**', 'results/**', '.data/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
