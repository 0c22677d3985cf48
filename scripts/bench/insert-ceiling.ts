import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

/**
 * PostgreSQL's own single-row insert rate on this machine, the ceiling our appends are held
 * against: pgbench running one INSERT per transaction when pgbench is installed, else the
 * same loop over postgres.js. Same concurrency as the benchmark, into a table shaped like
 * `events` (bigserial, text, int, uuid, jsonb ×2, timestamptz).
 */
export async function measureInsertCeiling(
  url: string,
  options: { concurrency: number; seconds: number },
): Promise<{ tool: 'pgbench' | 'postgres.js'; insertsPerSecond: number }> {
  const sql = postgres(url, { max: options.concurrency, onnotice: () => {} });
  const table = `bench_ceiling_${process.pid}`;
  try {
    await sql.unsafe(`DROP TABLE IF EXISTS ${table}`);
    await sql.unsafe(`CREATE TABLE ${table} (
      global_position bigserial PRIMARY KEY, stream_id text NOT NULL, stream_version int NOT NULL,
      event_id uuid NOT NULL UNIQUE, data jsonb NOT NULL, metadata jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    const pgbench = await withPgbench(url, table, options).catch(() => undefined);
    if (pgbench !== undefined) return { tool: 'pgbench', insertsPerSecond: pgbench };
    const deadline = performance.now() + options.seconds * 1000;
    let inserts = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, worker) => {
        for (let i = 0; performance.now() < deadline; i++) {
          await sql.unsafe(
            `INSERT INTO ${table} (stream_id, stream_version, event_id, data, metadata) VALUES ($1, $2, gen_random_uuid(), $3::jsonb, '{}')`,
            [`Ceiling-${worker}`, i, JSON.stringify({ by: 1 })],
          );
          inserts++;
        }
      }),
    );
    return { tool: 'postgres.js', insertsPerSecond: inserts / ((performance.now() - started) / 1000) };
  } finally {
    await sql.unsafe(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await sql.end();
  }
}

async function withPgbench(url: string, table: string, options: { concurrency: number; seconds: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-pgbench-'));
  try {
    const script = join(dir, 'insert.sql');
    writeFileSync(
      script,
      `\\set v random(1, 1000000000)\nINSERT INTO ${table} (stream_id, stream_version, event_id, data, metadata) ` +
        `VALUES ('Ceiling-' || :client_id, :v, gen_random_uuid(), '{"by":1}', '{}');\n`,
    );
    const { stdout } = await promisify(execFile)('pgbench', [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(options.concurrency),
      '-j',
      '2',
      '-T',
      String(options.seconds),
      '-f',
      script,
      url,
    ]);
    const tps = /tps = ([\d.]+)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return Number(tps[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
