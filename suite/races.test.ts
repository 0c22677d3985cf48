/**
 * The two races the suite exists for, long enough to judge them, through the real CLI
 * against one service: the flash sale runs in waves for all of a 30 s run, and a 60 s
 * race run sees both ends of the cancel-during-payment race.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedService, spawnService } from '../service/testing/spawn-service.ts';
import { type CliRun, runCli } from './testing/cli-run.ts';

const SEED = ['--seed', '20261202'];
let dir = '';
let service: SpawnedService | undefined;
let flashSale: CliRun;
let race: CliRun;

const outcomesOf = (run: CliRun, journey: string) =>
  run.summary?.journeys.find((j) => j.name === journey)?.outcomes ?? {};
const tail = (run: CliRun) => run.output.split('\n').slice(-30).join('\n');

describe('the races, run long enough to judge', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'journeys-races-'));
    service = spawnService({ JOURNEYS_EXIT_WITH_PARENT: '1' }, 'pipe');
    const host = await service.ready(120_000);
    const common = [...SEED, '--host', host];
    flashSale = await runCli(
      ['--profile', 'flash-sale', '-t', '30s', '-u', '25', ...common],
      join(dir, 'flash'),
      240_000,
    );
    race = await runCli(['--profile', 'race', '-t', '60s', ...common], join(dir, 'race'), 300_000);
  }, 10 * 60_000);

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited(30_000);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a 30 s flash sale has at least 5 waves, each with exactly 10 winners, and oversells nothing', () => {
    expect(flashSale.exitCode, tail(flashSale)).toBe(0);
    const outcomes = outcomesOf(flashSale, 'FlashSaleStampede');
    const winners = new Map<string, number>();
    for (const [name, count] of Object.entries(outcomes)) {
      const wave = /^(wave \d+) /.exec(name)?.[1];
      if (!wave) throw new Error(`outcome "${name}" names no wave`);
      winners.set(wave, (winners.get(wave) ?? 0) + (name.endsWith(' won') ? count : 0));
    }
    console.log(`flash sale: ${winners.size} waves, winners ${JSON.stringify(Object.fromEntries(winners))}`);
    expect(winners.size).toBeGreaterThanOrEqual(5);
    for (const [wave, won] of winners) expect(won, `${wave}: ${tail(flashSale)}`).toBe(10);
    const invariant = flashSale.summary?.invariants.find((i) => i.name === 'no-oversell');
    expect(invariant?.pass).toBe(true);
    expect(invariant?.message).toMatch(/, oversold 0;/);
  });

  it('a 60 s race run sees both ends of cancel-during-payment, each in at least 10% of the races', () => {
    expect(race.exitCode, tail(race)).toBe(0);
    const outcomes = outcomesOf(race, 'CancelDuringPayment');
    const cancelWon = outcomes['cancel-won'] ?? 0;
    const paymentWon = outcomes['payment-won'] ?? 0;
    const races = cancelWon + paymentWon;
    console.log(`cancel race: cancel-won ${cancelWon}, payment-won ${paymentWon} of ${races}`);
    expect(races).toBeGreaterThan(0);
    expect(cancelWon / races).toBeGreaterThanOrEqual(0.1);
    expect(paymentWon / races).toBeGreaterThanOrEqual(0.1);
    for (const invariant of race.summary?.invariants ?? [])
      expect(invariant, tail(race)).toMatchObject({ pass: true });
  });
});
