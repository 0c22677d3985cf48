/**
 * The ten profiles, each run for 12 s through the real CLI (fewer users than the profile
 * where its full count would not fit a CI machine). Most aim at services this test starts
 * as operators do (`node service/server.ts`) — PGlite's boot can take longer on a loaded
 * machine than the CLI waits for it, and a service of the test's own lets it read the
 * Prometheus counters around each run; spike boots its own through the CLI, as
 * `journeys run` does without a host.
 *
 * A run is mostly users thinking (and, after its 12 s, the journeys in flight finishing
 * theirs), so the runs go in three lanes at once, as several teams would aim their runs at
 * one shop: the lanes' runs share a service, except smoke and load, whose lane has a service
 * to itself so that the counters read around each of its runs are that run's alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedService, spawnService } from '../service/testing/spawn-service.ts';
import { type CliRun, runCli, scrapeMetrics, total } from './testing/cli-run.ts';
import { suiteJourneys } from './testing/suite-journeys.ts';

interface ProfileRun {
  profile: string;
  flags: string[];
  /** Let `journeys run` start its own embedded service. */
  ownService?: boolean;
  /** The runs of a lane go one after the other; the lanes go at once. */
  lane: 'counted' | 'shared-a' | 'shared-b';
}

// Latency thresholds (load, endurance) are replaced by their failure threshold: speed is
// measured by benchmarks, never asserted by tests.
const RUNS: ProfileRun[] = [
  { profile: 'smoke', flags: [], lane: 'counted' },
  // Think time makes journeys fewer: 40 mixed users pick each of the suite's journeys at least once.
  { profile: 'load', flags: ['-u', '40', '-r', '20', '--threshold', 'fail_ratio<0.01'], lane: 'counted' },
  { profile: 'cross-domain', flags: ['-u', '10', '-r', '5'], lane: 'shared-a' },
  { profile: 'race', flags: ['-u', '12', '-r', '12'], lane: 'shared-b' },
  { profile: 'flash-sale', flags: ['-u', '25'], lane: 'shared-a' },
  { profile: 'stress', flags: ['-u', '10', '-r', '10'], lane: 'shared-b' },
  { profile: 'cross-flood', flags: ['-u', '8', '-r', '8'], lane: 'shared-a' },
  { profile: 'spike', flags: ['-u', '10'], ownService: true, lane: 'counted' },
  {
    profile: 'endurance',
    flags: ['-u', '10', '-r', '5', '--threshold', 'fail_ratio<0.01'],
    lane: 'shared-b',
  },
  { profile: 'daily', flags: [], lane: 'shared-b' },
];
// Journeys think between their steps (as Locust's SequentialTaskSet), so a 16-step journey
// outlasts a 12 s run: at the deadline the journeys in flight get time to finish.
const COMMON_FLAGS = ['-t', '12s', '--stop-timeout', '60s'];
// A seed of its own per profile: smoke, load, endurance and daily run the same user class, and
// one seed made their users pick the same journeys in the same order, so the four runs were
// one sample of the mix, not four (a journey of weight 3 could be missed by all of them).
const seedOf = (profile: string) => String(20261123 + RUNS.findIndex((run) => run.profile === profile));
const RUN_TIMEOUT_MS = 150_000;

/** What the service counted during one run. */
interface ServiceCounts {
  appends: number;
  commands: number;
  appendConflicts: number;
  commandConflicts: number;
}

interface Outcome extends CliRun {
  service?: ServiceCounts;
}

const outcomes = new Map<string, Outcome>();
let dir = '';
const services: SpawnedService[] = [];

async function runProfile({ profile, flags, ownService, lane }: ProfileRun, host: string): Promise<Outcome> {
  const prefix = join(dir, profile);
  const args = ['--profile', profile, ...COMMON_FLAGS, '--seed', seedOf(profile), ...flags];
  if (ownService) return runCli(args, prefix, RUN_TIMEOUT_MS);
  // A shared lane's service counts the other lane's runs too: only the counted lane reads them.
  if (lane !== 'counted') return runCli([...args, '--host', host], prefix, RUN_TIMEOUT_MS);
  const before = await scrapeMetrics(host);
  const run = await runCli([...args, '--host', host], prefix, RUN_TIMEOUT_MS);
  const after = await scrapeMetrics(host);
  const delta = (name: string, ...labels: string[]) =>
    total(after, name, ...labels) - total(before, name, ...labels);
  return {
    ...run,
    service: {
      appends: delta('journeys_eventstore_appends_total'),
      commands: delta('journeys_command_duration_seconds_count'),
      appendConflicts: delta('journeys_eventstore_conflicts_total'),
      commandConflicts: delta('journeys_command_duration_seconds_count', 'outcome="conflict"'),
    },
  };
}

function outcomeOf(profile: string): Outcome {
  const outcome = outcomes.get(profile);
  if (!outcome) throw new Error(`profile ${profile} did not run`);
  return outcome;
}

/** What to show when a run's assertion fails: the end of its console output. */
function tail(outcome: Outcome): string {
  return outcome.output.split('\n').slice(-40).join('\n');
}

describe('the ten profiles through the CLI (12 s each)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'journeys-profiles-'));
    // Stdin piped and JOURNEYS_EXIT_WITH_PARENT: a service ends with this test process, however it ends.
    for (let i = 0; i < 2; i++) services.push(spawnService({ JOURNEYS_EXIT_WITH_PARENT: '1' }, 'pipe'));
    const [counted, shared] = await Promise.all(services.map((service) => service.ready(120_000)));
    const hosts = { counted, 'shared-a': shared, 'shared-b': shared };
    const lane = async (name: ProfileRun['lane']) => {
      for (const run of RUNS.filter((r) => r.lane === name))
        outcomes.set(run.profile, await runProfile(run, hosts[name]));
    };
    await Promise.all([lane('counted'), lane('shared-a'), lane('shared-b')]);
    for (const [profile, { service: counts }] of outcomes) {
      if (counts) console.log(`${profile}: ${JSON.stringify(counts)}`);
    }
  }, 15 * 60_000);

  afterAll(async () => {
    for (const service of services) {
      if (service.child.exitCode === null) {
        service.child.kill('SIGTERM');
        await service.exited(30_000);
      }
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(RUNS.map((run) => run.profile))('%s exits 0 (thresholds and invariants hold)', (profile) => {
    const outcome = outcomeOf(profile);
    expect(outcome.exitCode, tail(outcome)).toBe(0);
    expect(outcome.summary?.totals.requests, tail(outcome)).toBeGreaterThan(0);
  });

  it('smoke has no failed request', () => {
    const { summary } = outcomeOf('smoke');
    expect(summary?.totals.failures).toBe(0);
    expect(summary?.failures).toEqual([]);
  });

  it.each(['flash-sale', 'race'])('%s: no oversell, and every invariant passes', (profile) => {
    const outcome = outcomeOf(profile);
    const invariants = outcome.summary?.invariants ?? [];
    expect(invariants.map((i) => i.name)).toContain('no-oversell');
    for (const invariant of invariants) expect(invariant, tail(outcome)).toMatchObject({ pass: true });
    expect(outcome.output).toMatch(
      /invariant no-oversell: PASS \(reserved \d+ of \d+ over \d+ waves \(10 each\), available \d+, oversold 0;/,
    );
  });

  it('race: cancel-during-payment left no cancelled order with the money and no paid order with a failed payment', () => {
    const names = (outcomeOf('race').summary?.invariants ?? []).filter((i) => i.pass).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['no-captured-cancel', 'no-failed-paid']));
  });

  it('runs every journey of the suite at least once across the profiles', async () => {
    const suite = await suiteJourneys();
    const ran = new Set(
      [...outcomes.values()].flatMap((o) =>
        (o.summary?.journeys ?? []).filter((j) => j.count > 0).map((j) => j.name),
      ),
    );
    const missing = [...suite]
      .filter(([name]) => !ran.has(name))
      .map(
        ([name, users]) =>
          `${name} (in ${users.join(', ')}) did not run in any profile — give it a weight in a user class ` +
          `that a profile of RUNS runs (profiles/*.yaml user_classes), or add a profile that runs it to RUNS`,
      );
    expect(suite.size).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('completes EndToEndOrder, so each of its 16 steps was reached', () => {
    const e2e = outcomeOf('cross-domain').summary?.journeys.find((j) => j.name === 'EndToEndOrder');
    expect(e2e?.completed).toBeGreaterThan(0);
    expect(e2e?.interruptsByStep).toEqual({});
  });

  it('no request anywhere failed with a version conflict (409s are race outcomes, not failures)', () => {
    const conflicts = [...outcomes.values()].flatMap((o) =>
      (o.summary?.failures ?? []).filter((f) => f.error.startsWith('HTTP 409')),
    );
    expect(conflicts).toEqual([]);
  });

  it.each(['smoke', 'load'])(
    '%s (mixed load): at least four commands in five append events, none conflicts',
    (profile) => {
      const counts = outcomeOf(profile).service;
      if (!counts) throw new Error('no service counters');
      const share = counts.appends / counts.commands;
      console.log(
        `${profile}: ${counts.appends} appends for ${counts.commands} commands (${(share * 100).toFixed(1)}%)`,
      );
      expect(counts.commands).toBeGreaterThan(0);
      expect(share).toBeGreaterThanOrEqual(0.8);
      expect(counts.commandConflicts).toBe(0);
    },
  );
});
