import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseThreshold } from '../thresholds/parse.ts';
import { FlagError } from './errors.ts';
import { loadProfile } from './load.ts';
import { resolveRunConfig } from './run-config.ts';

const options = { cwd: '/project', cpuCount: 4, randomSeed: () => 7 };

describe('resolveRunConfig', () => {
  it('resolves a good profile: durations in seconds, thresholds parsed, paths absolute', async () => {
    const config = resolveRunConfig(await loadProfile('runner/testing/profiles/good.yaml'), {}, options);
    expect(config).toEqual({
      profileName: 'checkout-mix',
      users: 20,
      spawnRate: 4,
      durationSeconds: 5400,
      stages: [{ durationSeconds: 5400, users: 20, spawnRate: 4 }],
      staged: false,
      host: 'http://127.0.0.1:8000',
      seed: 42,
      tags: ['ordering', 'payments'],
      excludeTags: ['slow'],
      threads: 2,
      stopTimeoutSeconds: 5,
      requestTimeoutSeconds: 60,
      iterations: 1000,
      usersModules: ['/project/users'],
      classNames: [],
      userClasses: { OrderingUser: 3, PaymentsUser: { weight: 1 }, FlashSaleUser: { count: 2 } },
      csvFullHistory: true,
      thresholds: [
        parseThreshold('p95<500ms'),
        parseThreshold('p(99) < 1.5s'),
        parseThreshold('fail_ratio<0.01'),
        parseThreshold('GET /orders/{id}: p95<300'),
        parseThreshold('EndToEndOrder: journey_p95 < 8s'),
      ],
      abortOnThreshold: 30,
      service: { workers: 1 },
      resetTarget: false,
      bounds: {
        http: { maxResponseBytes: 8_388_608, maxRedirects: 30, insecure: false },
        maxNames: 1000,
        hookTimeoutSeconds: 60,
      },
    });
  });

  it('lets every flag override its profile field', async () => {
    const profile = await loadProfile('runner/testing/profiles/good.yaml');
    const config = resolveRunConfig(
      profile,
      {
        users: '5',
        spawnRate: '2.5',
        runTime: '1m30s',
        host: 'https://shop.example',
        tags: ['race', 'flash,cart'],
        excludeTags: 'none',
        seed: '9',
        threads: 3,
        iterations: '10',
        stopTimeout: '2s',
        threshold: ['p99<1s'],
        usersModule: 'my-users/shop.ts',
        classNames: ['OrderingUser'],
        csvFullHistory: false,
        abortOnThreshold: 'false',
      },
      options,
    );
    expect(config).toMatchObject({
      users: 5,
      spawnRate: 2.5,
      durationSeconds: 90,
      stages: [{ durationSeconds: 90, users: 5, spawnRate: 2.5 }],
      host: 'https://shop.example',
      tags: ['race', 'flash', 'cart'],
      excludeTags: ['none'],
      seed: 9,
      threads: 3,
      iterations: 10,
      stopTimeoutSeconds: 2,
      thresholds: [parseThreshold('p99<1s')],
      usersModules: ['/project/my-users/shop.ts'],
      classNames: ['OrderingUser'],
      csvFullHistory: false,
      abortOnThreshold: false,
    });
  });

  it("fills Locust's defaults where neither profile nor flags say", () => {
    expect(resolveRunConfig(undefined, {}, options)).toEqual({
      profileName: 'run',
      users: 1,
      spawnRate: 1,
      stages: [{ durationSeconds: Number.POSITIVE_INFINITY, users: 1, spawnRate: 1 }],
      staged: false,
      seed: 7,
      tags: [],
      excludeTags: [],
      threads: 3,
      stopTimeoutSeconds: 0,
      requestTimeoutSeconds: 60,
      usersModules: ['/project/users'],
      classNames: [],
      csvFullHistory: false,
      thresholds: [],
      abortOnThreshold: false,
      service: { workers: 1 },
      resetTarget: false,
      bounds: {
        http: { maxResponseBytes: 8_388_608, maxRedirects: 30, insecure: false },
        maxNames: 1000,
        hookTimeoutSeconds: 60,
      },
    });
    expect(resolveRunConfig(undefined, {}, { cpuCount: 1 }).threads).toBe(1);
    expect(resolveRunConfig(undefined, {}).usersModules).toEqual([resolve('users')]);
    const seed = resolveRunConfig(undefined, {}).seed;
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
  });

  it('turns stages into seconds, ramping evenly where a stage gives no spawn rate', async () => {
    const config = resolveRunConfig(await loadProfile('runner/testing/profiles/staged.yaml'), {}, options);
    expect(config).toMatchObject({
      users: 40,
      spawnRate: 2,
      durationSeconds: 270,
      staged: true,
      stages: [
        { durationSeconds: 60, users: 10, spawnRate: 2 },
        { durationSeconds: 120, users: 40, spawnRate: 0.25 },
        { durationSeconds: 30, users: 40, spawnRate: Number.POSITIVE_INFINITY },
        { durationSeconds: 60, users: 5, spawnRate: 5 },
      ],
    });
  });

  it('cuts stages short with --run-time, or holds the last level longer', async () => {
    const profile = await loadProfile('runner/testing/profiles/staged.yaml');
    expect(resolveRunConfig(profile, { runTime: '2m' }, options)).toMatchObject({
      durationSeconds: 120,
      stages: [
        { durationSeconds: 60, users: 10 },
        { durationSeconds: 60, users: 40 },
      ],
    });
    const longer = resolveRunConfig(profile, { runTime: '5m' }, options);
    expect(longer.stages.map((stage) => stage.durationSeconds)).toEqual([60, 120, 30, 90]);
  });

  it('replaces stages by a closed model when --users or --spawn-rate is given', async () => {
    const profile = await loadProfile('runner/testing/profiles/staged.yaml');
    expect(resolveRunConfig(profile, { users: 8 }, options)).toMatchObject({
      users: 8,
      spawnRate: 1,
      durationSeconds: 270,
      staged: false,
      stages: [{ durationSeconds: 270, users: 8, spawnRate: 1 }],
    });
  });

  it('resolves a constant arrival_rate: one flat segment for the duration, max_users from the profile', () => {
    const open = { name: 'open', arrival_rate: { rate: 5, max_users: 40 }, duration: '1m' };
    expect(resolveRunConfig(open, {}, options)).toMatchObject({
      durationSeconds: 60,
      staged: false,
      stages: [],
      users: 40,
      arrivals: { segments: [{ durationSeconds: 60, fromRate: 5, toRate: 5 }], maxUsers: 40 },
    });
    // Without a duration it runs until the iterations or Ctrl-C, as the closed model does.
    expect(resolveRunConfig({ name: 'open', arrival_rate: 2 }, { iterations: 9 }, options).arrivals).toEqual({
      segments: [{ durationSeconds: Number.POSITIVE_INFINITY, fromRate: 2, toRate: 2 }],
      maxUsers: 20,
    });
  });

  it('defaults max_users to 10 × the peak rate, at least 10', () => {
    expect(resolveRunConfig({ name: 'o', arrival_rate: 0.5 }, {}, options).arrivals?.maxUsers).toBe(10);
    expect(resolveRunConfig({ name: 'o', arrival_rate: 12.3 }, {}, options).arrivals?.maxUsers).toBe(123);
    expect(
      resolveRunConfig({ name: 'o', arrival_rate: 1, max_users: 7 }, {}, options).arrivals?.maxUsers,
    ).toBe(7);
  });

  it('ramps open-model stages from the previous rate, and fits them to -t', () => {
    const staged = {
      name: 'ramp',
      stages: [
        { duration: '10s', arrival_rate: 10 },
        { duration: '20s', arrival_rate: 10 },
        { duration: '10s', arrival_rate: 30 },
      ],
    };
    expect(resolveRunConfig(staged, {}, options)).toMatchObject({
      durationSeconds: 40,
      staged: true,
      arrivals: {
        maxUsers: 300,
        segments: [
          { durationSeconds: 10, fromRate: 0, toRate: 10 },
          { durationSeconds: 20, fromRate: 10, toRate: 10 },
          { durationSeconds: 10, fromRate: 10, toRate: 30 },
        ],
      },
    });
    // Cut in the middle of the last ramp: it stops at the rate reached then.
    expect(resolveRunConfig(staged, { runTime: '35s' }, options).arrivals?.segments.at(-1)).toEqual({
      durationSeconds: 5,
      fromRate: 10,
      toRate: 20,
    });
    expect(resolveRunConfig(staged, { runTime: '1m' }, options).arrivals?.segments.at(-1)).toEqual({
      durationSeconds: 20,
      fromRate: 30,
      toRate: 30,
    });
  });

  it('--arrival-rate makes any profile open; -u/-r make an open profile closed', async () => {
    const closed = await loadProfile('runner/testing/profiles/staged.yaml');
    expect(resolveRunConfig(closed, { arrivalRate: '4', maxUsers: '9' }, options)).toMatchObject({
      durationSeconds: 270,
      arrivals: { segments: [{ durationSeconds: 270, fromRate: 4, toRate: 4 }], maxUsers: 9 },
    });
    const open = { name: 'open', arrival_rate: { rate: 5, max_users: 40 }, duration: '1m' };
    const config = resolveRunConfig(open, { users: 4 }, options);
    expect(config).toMatchObject({ users: 4, stages: [{ durationSeconds: 60, users: 4, spawnRate: 1 }] });
    expect(config.arrivals).toBeUndefined();
  });

  it('refuses --arrival-rate with -u, and --max-users without the open model', () => {
    expect(() => resolveRunConfig(undefined, { arrivalRate: '5', users: '3', maxUsers: 'x' })).toThrow(
      expect.objectContaining({
        code: 'FLAG_INVALID',
        problems: [
          '--max-users: must be a positive integer, got "x"',
          '--arrival-rate: cannot be combined with --users or --spawn-rate (the open model starts journeys at a rate, the closed model runs users)',
        ],
      }),
    );
    expect(() => resolveRunConfig(undefined, { maxUsers: 5 })).toThrow(
      '--max-users: only for the open model (give --arrival-rate, or a profile with arrival_rate)',
    );
  });

  it('takes true for abort_on_threshold as no grace, and a duration as grace seconds', () => {
    expect(resolveRunConfig({ name: 'x', abort_on_threshold: true }, {}, options).abortOnThreshold).toBe(0);
    expect(resolveRunConfig({ name: 'x' }, { abortOnThreshold: '1m' }, options).abortOnThreshold).toBe(60);
    expect(resolveRunConfig({ name: 'x' }, { abortOnThreshold: true }, options).abortOnThreshold).toBe(0);
  });

  it('reports every bad flag at once, each naming the flag and the value', () => {
    let thrown: unknown;
    try {
      resolveRunConfig(undefined, {
        users: 'abc',
        spawnRate: '0',
        runTime: '2x',
        host: 'localhost:8000',
        seed: '-1',
        threads: '1.5',
        iterations: '0',
        stopTimeout: 'soon',
        threshold: ['p95<<3', 'p99<1s'],
        abortOnThreshold: 'later',
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FlagError);
    expect(thrown).toMatchObject({ code: 'FLAG_INVALID', exitCode: 2 });
    expect((thrown as FlagError).problems).toEqual([
      '--users: must be a positive integer, got "abc"',
      '--spawn-rate: must be a number greater than 0, got "0"',
      '--run-time: "2x" is not a duration (unknown unit "x"; units are h, m and s)',
      '--host: must be an http:// or https:// URL, got "localhost:8000"',
      '--iterations: must be a positive integer, got "0"',
      '--seed: must be an integer from 0 to 4294967295, got "-1"',
      '--stop-timeout: "soon" is not a duration (unknown unit "soon"; units are h, m and s)',
      '--threads: must be a positive integer, got "1.5"',
      '--threshold: threshold "p95<<3": expected a number after "<"',
      '--abort-on-threshold: "later" is not a duration (unknown unit "later"; units are h, m and s)',
    ]);
  });

  it('takes the request timeout from --request-timeout over the profile, in seconds', () => {
    const profile = { name: 'slow-target', request_timeout: '2m' };
    expect(resolveRunConfig(profile, {}, options).requestTimeoutSeconds).toBe(120);
    expect(resolveRunConfig(profile, { requestTimeout: '1.5s' }, options).requestTimeoutSeconds).toBe(1.5);
    expect(() => resolveRunConfig(undefined, { requestTimeout: '0' }, options)).toThrow(
      '--request-timeout: must be more than 0 seconds',
    );
    expect(() => resolveRunConfig({ name: 'slow-target', request_timeout: 0 }, {}, options)).toThrow(
      'profile slow-target: request_timeout: must be more than 0 seconds',
    );
  });

  it('refuses --run-time 0', () => {
    expect(() => resolveRunConfig(undefined, { runTime: 0 })).toThrow(
      '--run-time: must be more than 0 seconds (leave it out to run until Ctrl-C)',
    );
  });
});
