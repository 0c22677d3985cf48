/**
 * A newcomer's first run, `journeys run -u 3 --seed 1`, through the real CLI and the real
 * embedded service: three users for twelve classes leave FlashSaleUser and
 * RaceConditionUser without any, so the flash sale's invariant cannot say PASS; the race
 * invariant's counts add up to the orders it checked, whatever the run cut off.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-run.ts';

let dir = '';

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('journeys run -u 3 --seed 1 (every class of users/)', () => {
  it('says NOT EXERCISED for the flash sale nobody ran, and every PASS checked something', async () => {
    dir = await mkdtemp(join(tmpdir(), 'journeys-idle-race-'));
    // Two waves keep the flash sale's set-up short; nobody reserves in them anyway.
    process.env.FLASH_SALE_WAVES = '2';
    const run = await runCli(
      ['-u', '3', '--seed', '1', '-t', '20s', '--threads', '1'],
      join(dir, 'run'),
      240_000,
    );
    delete process.env.FLASH_SALE_WAVES;
    console.log(
      run.output
        .split('\n')
        .filter((line) => line.startsWith('invariant '))
        .join('\n'),
    );
    const summary = run.summary;
    expect(summary, run.output).toBeDefined();
    const spawned = (summary as unknown as { run: { usersSpawned: Record<string, number> } }).run
      .usersSpawned;
    expect(spawned.FlashSaleUser).toBe(0);
    expect(spawned.RaceConditionUser).toBe(0);
    expect(Object.values(spawned).reduce((sum, count) => sum + count, 0)).toBe(3);

    const invariants = (summary?.invariants ?? []) as {
      name: string;
      pass: boolean;
      exercised?: boolean;
      message: string;
    }[];
    const oversell = invariants.find((invariant) => invariant.name === 'no-oversell');
    expect(oversell?.exercised, run.output).toBe(false);
    expect(oversell?.message).toMatch(
      /^no user ran FlashSaleStampede \(FlashSaleUser, RaceConditionUser got no users\); reserved 0 of 20 over 2 waves/,
    );
    expect(run.output).toMatch(/invariant no-oversell: NOT EXERCISED \(no user ran FlashSaleStampede/);
    expect(run.output).not.toMatch(/invariant no-oversell: PASS/);

    // Nothing is a PASS that checked nothing.
    for (const invariant of invariants.filter((i) => i.exercised !== false)) {
      expect(invariant.message, invariant.name).not.toMatch(/^0 orders checked|reserved 0 of/);
    }
    // The race's ends add up to the orders checked (CrossDomainUser got a user and may have raced).
    const race = invariants.find((invariant) => invariant.name === 'no-captured-cancel');
    const counts =
      /^(\d+) orders checked \(cancelled before the capture (\d+), captured then cancelled (\d+), paid (\d+)(?:, not settled (\d+) \(.+\))?\)$/.exec(
        race?.message ?? '',
      );
    expect(counts, race?.message).not.toBeNull();
    const [checked, ...ends] = (counts ?? []).slice(1).map((value) => Number(value ?? 0));
    expect(ends.reduce((sum, count) => sum + count, 0)).toBe(checked);
    if (ends[0] + ends[1] + ends[2] === 0) expect(race?.exercised).toBe(false);
  }, 300_000);
});
