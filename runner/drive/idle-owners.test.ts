import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Invariant } from '../api/hooks.ts';
import { discoverUserClasses } from '../discovery/discover.ts';
import { cliBench, journeys, summaryOf, users as testUsers } from '../testing/cli-harness.ts';
import { idleOwners } from './idle-owners.ts';
import { hookOwners, invariantLine, runEndHooks } from './run-hooks.ts';

const { users } = await discoverUserClasses([new URL('../testing/users', import.meta.url).pathname]);
const owners = hookOwners(users);
const context = { host: 'http://127.0.0.1:9', client: undefined as never, seed: 1, profile: 'run' };

describe('idleOwners', () => {
  it('names a class that got no users, and a journey class whose every class got none', () => {
    const idle = idleOwners(owners, users, { Breaker: 1, Racer: 0, Shopper: 0 });
    expect(Object.fromEntries(idle)).toEqual({
      Racer: 'Racer got no users',
      Shopper: 'Shopper got no users',
      Reserve: 'no user ran Reserve (Racer got no users)',
      Browse: 'no user ran Browse (Shopper got no users)',
    });
  });

  it('leaves every owner exercised when each class had users, or when the counts are not known', () => {
    expect(idleOwners(owners, users, { Breaker: 1, Racer: 2, Shopper: 1 }).size).toBe(0);
    expect(idleOwners(owners, users, undefined).size).toBe(0);
  });

  it('turns the idle owners’ invariants into NOT EXERCISED, never PASS, with the reason first', async () => {
    const idle = idleOwners(owners, users, { Breaker: 1, Racer: 0, Shopper: 1 });
    const invariants: Invariant[] = await runEndHooks(owners, context, {}, idle);
    expect(invariants.map(invariantLine)).toEqual([
      'invariant no-oversell: NOT EXERCISED (no user ran Reserve (Racer got no users); reserved 10 of 10, available 0)',
    ]);
    const busy = await runEndHooks(owners, context, {}, new Map());
    expect(busy.map(invariantLine)).toEqual(['invariant no-oversell: PASS (reserved 10 of 10, available 0)']);
  });
});

describe('a run whose race class got no users (-u 1 of three classes)', () => {
  const bench = cliBench('idle-owners');

  it('prints the invariant as NOT EXERCISED and writes exercised: false; only the failed requests fail the run', async () => {
    const prefix = join(bench.dir, 'one-user');
    const args = ['run', '-f', testUsers, '--threads', '1', '-u', '1', '-i', '2', '--seed', '1'];
    const { code, stdout } = await journeys([...args, '-H', bench.target.url, '--csv', prefix]);
    // Classes are filled in name order: Breaker gets the one user, Racer none.
    expect(stdout).toContain(
      'invariant no-oversell: NOT EXERCISED (no user ran Reserve (Racer got no users); reserved 10 of 10, available 0)\n',
    );
    const summary = await summaryOf(prefix);
    expect(summary.run.usersSpawned).toEqual({ Breaker: 1, Racer: 0, Shopper: 0 });
    expect(summary.invariants).toEqual([
      {
        name: 'no-oversell',
        pass: true,
        exercised: false,
        message: 'no user ran Reserve (Racer got no users); reserved 10 of 10, available 0',
      },
    ]);
    // Breaker's requests fail on purpose: exit 1 for those, not for the idle invariant.
    expect(stdout).not.toContain('invariant no-oversell failed');
    expect(code).toBe(1);
  });
});
