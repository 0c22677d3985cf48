import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestContext } from '../api/hooks.ts';
import { type DiscoveredUser, discoverUserClasses } from '../discovery/discover.ts';
import { Client } from '../http/client.ts';
import { selectUserClasses } from '../load-model/select-classes.ts';
import { hookOwners, invariantLine, runEndHooks, runTestStart } from './run-hooks.ts';

const usersDir = fileURLToPath(new URL('../testing/users/', import.meta.url));
const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
});
let users: DiscoveredUser[];
let context: TestContext;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = { host, client: new Client({ host }), seed: 1, profile: 'test' };
  ({ users } = await discoverUserClasses([usersDir]));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('run hooks', () => {
  it('collects user classes, then their journey classes, each once', () => {
    const { users: selected } = selectUserClasses(users, ['Racer', 'Shopper'], undefined, 'users/');
    expect(hookOwners(selected).map((owner) => owner.name)).toEqual([
      'Racer',
      'Shopper',
      'Reserve',
      'Browse',
    ]);
  });

  it('hands what testStart returned on by class name, and reports invariants', async () => {
    const owners = hookOwners(selectUserClasses(users, ['Racer'], undefined, 'users/').users);
    const testData = await runTestStart(owners, context);
    expect(testData).toEqual({ Reserve: { itemId: 'item-10', setupStatus: 200 } });
    const invariants = await runEndHooks(owners, context, testData);
    expect(invariants.map(invariantLine)).toEqual([
      'invariant no-oversell: PASS (reserved 10 of 10, available 0)',
    ]);
  });

  it('turns a throwing hook into one RunnerError line naming the class', async () => {
    const owners = [
      {
        name: 'Broken',
        hooks: {
          testStart() {
            throw new Error('no stock endpoint');
          },
        },
      },
    ];
    await expect(runTestStart(owners, context)).rejects.toMatchObject({
      code: 'HOOK_FAILED',
      message: 'Broken.testStart failed: no stock endpoint',
      exitCode: 1,
    });
  });
});

describe('selectUserClasses', () => {
  it('takes every class with its static weight or fixed count', () => {
    const { mix } = selectUserClasses(users, [], undefined, 'users/');
    expect(mix).toEqual([
      { name: 'Racer', weight: 1, fixedCount: 0 },
      { name: 'Shopper', weight: 1, fixedCount: 0 },
      { name: 'Breaker', weight: 1, fixedCount: 0 },
    ]);
  });

  it('keeps the classes named on the command line, or the profile shares', () => {
    expect(selectUserClasses(users, ['Shopper'], undefined, 'users/').mix).toEqual([
      { name: 'Shopper', weight: 1, fixedCount: 0 },
    ]);
    expect(selectUserClasses(users, [], { Shopper: { count: 2 }, Racer: 5 }, 'users/').mix).toEqual([
      { name: 'Shopper', weight: 0, fixedCount: 2 },
      { name: 'Racer', weight: 5, fixedCount: 0 },
    ]);
  });

  it('names an unknown class and the closest known one', () => {
    expect(() => selectUserClasses(users, ['Shoper'], undefined, 'users/')).toThrow(
      /unknown user class "Shoper"/,
    );
    try {
      selectUserClasses(users, ['Shoper'], undefined, 'users/');
    } catch (error) {
      expect(error).toMatchObject({
        code: 'USER_CLASS_UNKNOWN',
        exitCode: 2,
        hint: expect.stringContaining('Shopper'),
      });
    }
  });

  it('a hook that never settles is reported as such after its timeout; the others still run', async () => {
    const ran: string[] = [];
    const never = () => new Promise<never>(() => {});
    const owners = [
      { name: 'Stuck', hooks: { testStop: never, invariants: never } },
      {
        name: 'Polling',
        hooks: {
          invariants: () =>
            new Promise<never>(() => {
              const poll = setInterval(() => ran.push('poll'), 50);
              setTimeout(() => clearInterval(poll), 2_000);
            }),
        },
      },
      {
        name: 'Fine',
        hooks: {
          testStop: () => void ran.push('Fine.testStop'),
          invariants: () => [{ name: 'ok', pass: true, detail: 'fine' }],
        },
      },
    ];
    const invariants = await runEndHooks(owners, context, {}, new Map(), 0.3);
    expect(invariants.map(invariantLine)).toEqual([
      'invariant Stuck.testStop: FAIL (hook did not settle within 0.3 s (hook_timeout))',
      'invariant Stuck.invariants: FAIL (hook did not settle within 0.3 s (hook_timeout))',
      'invariant Polling.invariants: FAIL (hook did not settle within 0.3 s (hook_timeout))',
      'invariant ok: PASS (fine)',
    ]);
    expect(ran).toContain('Fine.testStop');
  });

  it('a testStart that never settles ends the run before the load, naming the class and the setting', async () => {
    const owners = [{ name: 'Stuck', hooks: { testStart: () => new Promise<never>(() => {}) } }];
    await expect(runTestStart(owners, context, 0.2)).rejects.toMatchObject({
      code: 'HOOK_TIMEOUT',
      message: 'Stuck.testStart did not settle within 0.2 s (hook_timeout)',
      exitCode: 1,
    });
  });
});
