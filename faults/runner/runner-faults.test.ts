/**
 * The runner's fault suite: signals at seeded moments, hostile targets at start, a target
 * killed mid-run, a journey step that throws, and generated malformed profiles and user
 * modules. Real processes (the runner, npm, a target) on 127.0.0.1; every row prints its
 * figures (tries, held, lost) for docs/faults.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSummary, root, startJourneys } from '../../runner/testing/cli-harness.ts';
import { alive, ended, processTree } from '../../runner/testing/process-tree.ts';
import { reportProblems } from '../../runner/testing/report-check.ts';
import { startTargetServer, type TargetServer } from '../../runner/testing/target-server.ts';
import { seeded, writeMalformed } from './malformed.ts';

let target: TargetServer;
let dir = '';
const stray: number[] = [];

beforeAll(async () => {
  target = await startTargetServer({ answerEveryPath: true });
  dir = await mkdtemp(join(tmpdir(), 'journeys-faults-'));
});
afterAll(async () => {
  for (const pid of stray) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await target?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Proc {
  child: ChildProcess;
  stdout(): string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function npx(args: string[]): Proc {
  const { DATABASE_URL: _, ...env } = process.env;
  const child = spawn('npx', ['journeys', ...args], {
    cwd: root,
    env: { ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, stdout: () => stdout, done };
}

async function until(proc: Proc, text: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!proc.stdout().includes(text)) {
    if (Date.now() > deadline || proc.child.exitCode !== null) return proc.stdout().includes(text);
    await sleep(25);
  }
  return true;
}

function figures(row: string, tries: number, lost: string[]) {
  console.log(`fault row "${row}": tries ${tries}, held ${tries - lost.length}, lost ${lost.length}`);
  for (const line of lost) console.log(`  lost: ${line}`);
}

/**
 * `width` at a time, so two cores are not flooded; each next one starts as soon as one
 * ends (a batch would wait for its slowest). Results in index order.
 */
async function inParallel<T>(count: number, width: number, one: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await one(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, lane));
  return results;
}

describe('runner faults', () => {
  it('SIGINT/SIGTERM at seeded moments of 20 short runs (the runner, and through npx)', async () => {
    const random = seeded(20261202);
    const plans = Array.from({ length: 20 }, (_, index) => ({
      index,
      viaNpx: index % 5 === 4,
      signal: (random() < 0.5 ? 'SIGINT' : 'SIGTERM') as NodeJS.Signals,
      // 0–3.5 s after the header of a 3 s run: early, mid-run, the last second, and after the end.
      delayMs: Math.floor(random() * 3500),
    }));
    const lost = await inParallel(plans.length, 4, async (i) => {
      const plan = plans[i];
      const prefix = join(dir, `signal-${plan.index}`);
      const args = ['run', '-f', 'runner/testing/users', 'Shopper', '--threads', '1', '-u', '2', '-t', '3s'];
      const words = [...args, '-H', target.url, '--csv', prefix];
      const proc: Proc = plan.viaNpx ? npx(words) : startJourneys(words);
      const what = `#${plan.index} ${plan.viaNpx ? 'npx' : 'runner'} ${plan.signal} +${plan.delayMs} ms`;
      if (!(await until(proc, 'journeys run:', 120_000))) return [`${what}: never started`];
      await sleep(plan.delayMs);
      const pid = proc.child.pid ?? 0;
      const tree = processTree(pid);
      stray.push(...tree);
      // Once the summary table is printed the verdict is decided and written as such: a signal
      // then stops nothing, and the exit code is the summary's. Before it, the signal's code.
      // Whether the summary was printed before the signal landed cannot be told from here
      // (its bytes may still be in the pipe), so near the end the summary is the judge; well
      // before the end, the signal's code is required.
      const early = plan.delayMs < 2_500;
      if (proc.child.exitCode === null) process.kill(pid, plan.signal);
      const result = await proc.done;
      await ended(tree, 5_000);
      const problems: string[] = [];
      const signalCode = plan.signal === 'SIGINT' ? 130 : 143;
      const summaryCode = (await readSummary(prefix).catch(() => ({ exitCode: 'unreadable' }))).exitCode;
      const expected = early ? signalCode : summaryCode;
      if (result.code !== expected)
        problems.push(`exit ${result.code}, wanted ${expected}${early ? '' : ' (the summary’s)'}`);
      if (result.code !== summaryCode)
        problems.push(`exit ${result.code}, but the summary says ${summaryCode}`);
      problems.push(...(await reportProblems(prefix)));
      const left = tree.filter(alive);
      if (left.length > 0) problems.push(`left running: ${left.join(' ')}`);
      return problems.map((problem) => `${what}: ${problem}`);
    });
    figures('signals at seeded moments', plans.length, lost.flat());
    expect(lost.flat()).toEqual([]);
  }, 290_000);

  it('a target refused / silent / closing / not HTTP at start: exit 3 with its reason in one line', async () => {
    const cases = [
      { mode: 'refused', reason: 'is unreachable: ECONNREFUSED' },
      { mode: 'silent', reason: 'is unreachable: it accepted the connection but sent no HTTP response' },
      { mode: 'closing', reason: 'is unreachable: ECONNRESET' },
      { mode: 'not-http', reason: 'is not HTTP: it answered, but not HTTP' },
    ];
    const lost = await Promise.all(
      cases.map(async ({ mode, reason }) => {
        let url = 'http://127.0.0.1:1';
        let hostile: ChildProcess | undefined;
        if (mode !== 'refused') {
          hostile = spawn(process.execPath, ['faults/runner/hostile-target.ts', mode], {
            cwd: root,
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          const port = await new Promise<string>((resolve) =>
            hostile?.stdout?.on('data', (chunk) => resolve(/port (\d+)/.exec(String(chunk))?.[1] ?? '')),
          );
          url = `http://127.0.0.1:${port}`;
        }
        const { code, stderr } = await startJourneys([
          'run',
          '-f',
          'runner/testing/users',
          '-t',
          '2s',
          '-H',
          url,
        ]).done;
        hostile?.kill('SIGKILL');
        const lines = stderr.trim().split('\n');
        const ok =
          code === 3 &&
          lines.length === 1 &&
          lines[0].includes(reason) &&
          !/start the service/.test(mode === 'not-http' || mode === 'silent' ? stderr : '');
        return ok ? [] : [`${mode}: exit ${code}, ${JSON.stringify(stderr)}`];
      }),
    );
    figures('hostile target at start', cases.length, lost.flat());
    expect(lost.flat()).toEqual([]);
  });

  it('the target killed mid-run: failures counted, the run completes, reports written', async () => {
    const hostile = spawn(process.execPath, ['faults/runner/hostile-target.ts', 'ok'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<string>((resolve) =>
      hostile.stdout?.on('data', (chunk) => resolve(/port (\d+)/.exec(String(chunk))?.[1] ?? '')),
    );
    const prefix = join(dir, 'killed');
    const run = startJourneys([
      'run',
      '-f',
      'runner/testing/users',
      'Shopper',
      '--threads',
      '1',
      '-u',
      '2',
      '-t',
      '4s',
      '-H',
      `http://127.0.0.1:${port}`,
      '--csv',
      prefix,
    ]);
    await until(run, 'journeys run:', 60_000);
    await sleep(1_500);
    hostile.kill('SIGKILL');
    const { code } = await run.done;
    const summary = await readSummary(prefix);
    const lost: string[] = [];
    if (code !== 1) lost.push(`exit ${code}, wanted 1`);
    if (summary.run.stoppedBy !== 'duration') lost.push(`stopped by ${summary.run.stoppedBy}`);
    const failures =
      summary.aggregated?.failures ?? summary.totals?.failures ?? summary.stats?.at?.(-1)?.failures;
    if (!(failures > 0)) lost.push(`failures not counted: ${JSON.stringify(failures)}`);
    lost.push(...(await reportProblems(prefix)));
    figures('target killed mid-run', 1, lost);
    expect(lost).toEqual([]);
  });

  it('a journey step that throws is named with its journey and step; reports are written', async () => {
    const prefix = join(dir, 'throws');
    const { code, stdout } = await startJourneys([
      'run',
      '-f',
      'faults/runner/throwing-users.ts',
      '--threads',
      '1',
      '-u',
      '1',
      '-t',
      '2s',
      '-H',
      target.url,
      '--csv',
      prefix,
    ]).done;
    const lost: string[] = [];
    if (code !== 1) lost.push(`exit ${code}, wanted 1`);
    if (!/Checkout\.pay/.test(stdout)) lost.push('the step Checkout.pay is not named');
    if (!stdout.includes('card service exploded')) lost.push('the error is not shown');
    lost.push(...(await reportProblems(prefix)));
    figures('a step that throws', 1, lost);
    expect(lost).toEqual([]);
  });

  it('100 generated malformed profiles and user modules: exit 2, one line each, no stack trace', async () => {
    const folder = join(dir, 'malformed');
    await mkdir(folder);
    const { profiles, modules } = await writeMalformed(folder, 50, 7);
    const { code, stderr } = await startJourneys(['validate', folder]).done;
    const lines = stderr.trim().split('\n');
    const lost: string[] = [];
    if (code !== 2) lost.push(`validate: exit ${code}`);
    for (const file of [...profiles, ...modules]) {
      const name = file.slice(folder.length + 1);
      const own = lines.filter((line) =>
        line.includes(name) && !line.includes(`imported by`)
          ? true
          : line.includes(`${name}:`) || line.includes(`${name} `),
      );
      if (own.length === 0) lost.push(`${name}: not named`);
    }
    const stack = lines.filter(
      (line) => /^\s+at |Error: |node:internal/.test(line) && !line.startsWith('error: '),
    );
    if (stack.length > 0) lost.push(`stack trace lines: ${stack.slice(0, 3).join(' | ')}`);
    if (!lines.every((line) => line.startsWith('error: '))) lost.push('a line that is not "error: …"');
    // And `run` on a few of them, one process each: exit 2, one line.
    const runs = await Promise.all(
      profiles.slice(0, 5).map(async (profile) => ({
        profile,
        run: await startJourneys(['run', '--profile', profile, '-H', target.url]).done,
      })),
    );
    for (const { profile, run } of runs) {
      if (run.code !== 2 || !run.stderr.startsWith('error: ') || /^\s+at /m.test(run.stderr))
        lost.push(`run ${profile}: exit ${run.code} ${JSON.stringify(run.stderr.slice(0, 200))}`);
    }
    figures('malformed profiles and modules', profiles.length + modules.length + 5, lost);
    expect(lost).toEqual([]);
  }, 120_000);
});
