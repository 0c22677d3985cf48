/**
 * "PostgreSQL and two workers under the flash sale" as one command: the run starts the
 * embedded service on the local PostgreSQL (a fresh schema of its own) with two cluster
 * workers, and the sale still never oversells.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/cli-run.ts';

const databaseUrl = process.env.DATABASE_URL;
const schema = `t_${randomBytes(6).toString('hex')}`;

describe.skipIf(!databaseUrl)('a scaled stack started by the run (needs DATABASE_URL)', () => {
  let dir = '';

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    const sql = postgres(databaseUrl ?? '', { max: 1, onnotice: () => undefined });
    await sql.unsafe(`drop schema if exists ${schema} cascade`);
    await sql.end();
  });

  it('runs the flash sale on PostgreSQL with 2 workers, and the invariant holds', async () => {
    dir = await mkdtemp(join(tmpdir(), 'journeys-scaled-'));
    const url = `${databaseUrl}${databaseUrl?.includes('?') ? '&' : '?'}schema=${schema}`;
    const run = await runCli(
      [
        '--profile',
        'flash-sale',
        '-u',
        '20',
        '-t',
        '8s',
        '--service-database',
        url,
        '--service-workers',
        '2',
      ],
      join(dir, 'flash'),
      150_000,
    );
    expect(run.output).toMatch(/starting the embedded service \(PostgreSQL at .*, 2 workers\)/);
    expect(run.exitCode, run.output).toBe(0);
    const summary = run.summary as unknown as {
      invariants: { name: string; pass: boolean }[];
      run: { service: { processes: number; cpuSeconds: number } };
      totals: { requests: number };
    };
    expect(summary.invariants.find((invariant) => invariant.name === 'no-oversell')?.pass).toBe(true);
    expect(summary.invariants.every((invariant) => invariant.pass)).toBe(true);
    expect(summary.totals.requests).toBeGreaterThan(0);
    // The cluster primary and its two workers, each counted in the service's own cost.
    expect(summary.run.service.processes).toBe(3);
    const sql = postgres(databaseUrl ?? '', { max: 1 });
    const [{ count }] = await sql.unsafe(`select count(*)::int as count from ${schema}.events`);
    await sql.end();
    expect(count).toBeGreaterThan(0);
  }, 180_000);
});
