/**
 * The runner's bounds against a hostile target: an endless body, a gigabyte body and
 * 100,000 distinct unnamed URLs. The runner is a real child process on 127.0.0.1; its peak
 * resident memory (VmHWM) is read from /proc while it runs; every row prints its figures.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, readSummary, startJourneys } from '../../runner/testing/cli-harness.ts';
import { type HostileTarget, startHostileTarget } from '../../runner/testing/hostile-http-target.ts';
import { reportProblems } from '../../runner/testing/report-check.ts';
import { reportFigures } from '../testing/figures.ts';

let target: HostileTarget;
let dir = '';
beforeAll(async () => {
  target = await startHostileTarget();
  dir = await mkdtemp(join(tmpdir(), 'journeys-bounds-faults-'));
});
afterAll(async () => {
  await target?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;

/** The peak resident memory of a process in bytes (VmHWM), or 0 once it is gone. */
function peakRss(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs `journeys run` to its end, sampling its peak RSS every 100 ms. */
async function measuredRun(args: string[], timeoutMs: number) {
  const run = startJourneys(args, { timeoutMs });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, peakRss(run.child.pid ?? 0));
  }, 100);
  const result = await run.done.finally(() => clearInterval(sampler));
  return { ...result, peak };
}

describe('bounds against a hostile target', () => {
  it('an endless body and a 1 GB body: RSS stays under 400 MiB, the over-limit bodies are failures, reports written', async () => {
    // The gigabyte body takes seconds to stream: the stop timeout lets the journeys in flight finish it.
    const rows = [
      { user: 'EndlessBody', name: 'GET /endless', load: ['-u', '2', '-r', '2', '-t', '8s'] },
      {
        user: 'GigabyteBody',
        name: 'GET /bytes (1 GB)',
        load: ['-u', '2', '-r', '2', '-t', '2s', '--stop-timeout', '60s'],
      },
    ];
    const lost: string[] = [];
    for (const { user, name, load } of rows) {
      const prefix = join(dir, user);
      const sentBefore = target.bytesSent();
      const { code, peak, stdout } = await measuredRun(
        [
          'run',
          '-f',
          'faults/runner/bounded-users.ts',
          user,
          ...load,
          '--threads',
          '1',
          '-H',
          target.url,
          '--csv',
          prefix,
        ],
        90_000,
      );
      const verdict = stdout.split('\n').filter((line) => line.startsWith('exit '));
      const sent = target.bytesSent() - sentBefore;
      const problems = await reportProblems(prefix).catch(() => [`no reports at ${prefix}`]);
      reportFigures(`${name} (${load.join(' ')})`, {
        tries: 1,
        held: peak < 400 * MiB && problems.length === 0 ? 1 : 0,
        lost: peak < 400 * MiB && problems.length === 0 ? 0 : 1,
        peakRssMiB: Math.round(peak / MiB),
        streamedMB: Math.round(sent / 1e6),
        exit: code ?? 'none',
      });
      // Failures, not successes: a body over the limit is a failed request (the endless one never ends, so may have none).
      if (user === 'GigabyteBody') {
        const summary = await readSummary(prefix);
        const row = summary.endpoints.find((e: { name: string }) => e.name === name);
        if (!(row && row.failures === row.requests && row.requests > 0))
          lost.push(`${user}: wanted only failures, got ${JSON.stringify(row)}`);
      }
      if (verdict.length !== 1) lost.push(`${user}: no exit line in ${stdout.slice(-400)}`);
      if (peak >= 400 * MiB) lost.push(`${user}: peak RSS ${Math.round(peak / MiB)} MiB`);
      if (sent < 500e6) lost.push(`${user}: only ${sent} bytes streamed: the fault was not exercised`);
      lost.push(...problems.map((p) => `${user}: ${p}`));
    }
    expect(lost).toEqual([]);
  }, 240_000);

  it('100,000 distinct unnamed URLs: 1,000 rows and one overflow row, one warning naming the route, RSS under 1 GiB, reports written', async () => {
    const prefix = join(dir, 'distinct');
    const { code, peak, stdout } = await measuredRun(
      [
        'run',
        '-f',
        'faults/runner/bounded-users.ts',
        'DistinctUrls',
        '-u',
        '20',
        '-r',
        '20',
        '-i',
        '100',
        '-t',
        '240s',
        '--threads',
        '1',
        '-H',
        target.url,
        '--csv',
        prefix,
      ],
      300_000,
    );
    const problems = await reportProblems(prefix);
    const rows = await csv(`${prefix}_stats.csv`);
    const aggregated = rows.find((r) => r.Name === 'Aggregated');
    const overflow = rows.find((r) => r.Name === '(other names)');
    const warnings = stdout.split('\n').filter((line) => line.includes('distinct request names'));
    const lost: string[] = [...problems];
    if (peak >= 1024 * MiB) lost.push(`peak RSS ${Math.round(peak / MiB)} MiB`);
    if (rows.length !== 1002)
      lost.push(`${rows.length} rows in _stats.csv, wanted 1,000 + overflow + Aggregated`);
    if (aggregated?.['Request Count'] !== '100000')
      lost.push(`Aggregated counts ${aggregated?.['Request Count']}`);
    if (overflow?.['Request Count'] !== '99000')
      lost.push(`overflow row counts ${overflow?.['Request Count']}`);
    if (warnings.length !== 1 || !warnings[0].includes("{ name: 'GET /items/{id}' }"))
      lost.push(`warnings: ${JSON.stringify(warnings)}`);
    reportFigures('100,000 distinct unnamed URLs', {
      tries: 100_000,
      held: lost.length === 0 ? 100_000 : 0,
      lost: lost.length,
      peakRssMiB: Math.round(peak / MiB),
      statsRows: rows.length,
      exit: code ?? 'none',
    });
    expect(lost).toEqual([]);
  }, 320_000);
});
