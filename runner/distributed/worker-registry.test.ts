import { afterEach, describe, expect, it } from 'vitest';
import { WORKER_LOST_AFTER_MS } from './protocol.ts';
import { JoinRefused, WorkerRegistry } from './worker-registry.ts';

let registry: WorkerRegistry | undefined;
afterEach(() => registry?.close());

const poll = (id: number, state: 'joined' | 'ready' | 'running' | 'done', now?: number) =>
  registry!.poll({ id, state, users: 0, snapshots: [] }, now)?.command;

describe("the master's book of workers", () => {
  it('answers each poll with what the master wants now: wait, the share, the start time, the stop', () => {
    registry = new WorkerRegistry('hash');
    const a = registry.join({ name: 'a', modulesHash: 'hash' }).id;
    const b = registry.join({ name: 'b', modulesHash: 'hash' }).id;
    expect(poll(a, 'joined')).toEqual({ kind: 'wait' });
    registry.assign((index, count) => ({
      kind: 'run',
      config: '{}',
      index,
      count,
      host: 'h',
      testData: { x: 1 },
    }));
    expect(poll(b, 'joined')).toMatchObject({ kind: 'run', index: 1, count: 2, testData: { x: 1 } });
    // Asked again (a lost answer), the same share: commands are states, not events.
    expect(poll(b, 'joined')).toMatchObject({ kind: 'run', index: 1 });
    expect(poll(a, 'ready')).toEqual({ kind: 'wait' });
    registry.start(12345);
    expect(poll(a, 'ready')).toEqual({ kind: 'start', startAt: 12345 });
    expect(poll(a, 'running')).toEqual({ kind: 'wait' });
    registry.stop('SIGTERM');
    expect(poll(a, 'running')).toEqual({ kind: 'stop', reason: 'SIGTERM' });
  });

  it('refuses other user modules, and a worker joining after the shares were handed out', () => {
    registry = new WorkerRegistry('hash');
    expect(() => registry!.join({ name: 'x', modulesHash: 'other' })).toThrow(JoinRefused);
    registry.join({ name: 'a', modulesHash: 'hash' });
    registry.assign((index, count) => ({ kind: 'run', config: '{}', index, count, host: 'h', testData: {} }));
    expect(() => registry!.join({ name: 'late', modulesHash: 'hash' })).toThrow(/already started/);
  });

  it('a worker silent too long is missing, and its polls are refused from then on', async () => {
    registry = new WorkerRegistry('hash');
    const lost: string[] = [];
    registry.events.onLost = (worker) => lost.push(worker.name);
    const longAgo = Date.now() - WORKER_LOST_AFTER_MS - 1000;
    const a = registry.join({ name: 'a', modulesHash: 'hash' }, longAgo).id;
    const b = registry.join({ name: 'b', modulesHash: 'hash' }).id;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(lost).toEqual(['a']);
    expect(registry.present().map((worker) => worker.name)).toEqual(['b']);
    expect(poll(a, 'running')).toBeUndefined();
    expect(poll(b, 'joined')).toEqual({ kind: 'wait' });
  });

  it('a worker that polls before its silence reaches the limit stays, and is missing once it stops', async () => {
    registry = new WorkerRegistry('hash');
    const lost: string[] = [];
    registry.events.onLost = (worker) => lost.push(worker.name);
    // Its silence would reach the limit 200 ms from now; its poll moves that to 1.2 s from now.
    const a = registry.join({ name: 'a', modulesHash: 'hash' }, Date.now() - WORKER_LOST_AFTER_MS + 200).id;
    poll(a, 'joined', Date.now() - WORKER_LOST_AFTER_MS + 1200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lost).toEqual([]);
    await registry.until(() => lost.length > 0);
    expect(lost).toEqual(['a']);
    expect(registry.present()).toEqual([]);
  });

  it('resolves a wait once the workers are in the state asked for, as their polls say so', async () => {
    registry = new WorkerRegistry('hash');
    const a = registry.join({ name: 'a', modulesHash: 'hash' }).id;
    const b = registry.join({ name: 'b', modulesHash: 'hash' }).id;
    const states: string[] = [];
    const allDone = registry
      .until(() => registry!.workers.every((worker) => worker.state === 'done'))
      .then(() => states.push('all done'));
    poll(a, 'done');
    await Promise.resolve();
    expect(states).toEqual([]);
    poll(b, 'done');
    await allDone;
    expect(states).toEqual(['all done']);
    await registry.until(() => true);
  });

  it('sends a change to a running worker until it reports that version applied', () => {
    registry = new WorkerRegistry('hash');
    const a = registry.join({ name: 'a', modulesHash: 'hash' }).id;
    const [worker] = registry.assign((index, count) => ({
      kind: 'run',
      config: '{}',
      index,
      count,
      host: 'h',
      testData: {},
    }));
    registry.change(worker, { users: 4, spawnRate: 2 });
    // Not before it runs: the worker has no load to change yet.
    expect(poll(a, 'ready')).toEqual({ kind: 'wait' });
    const change = { kind: 'change', version: 1, users: 4, spawnRate: 2 };
    expect(poll(a, 'running')).toEqual(change);
    // The answer may have been lost: asked again without the version, the same change.
    expect(poll(a, 'running')).toEqual(change);
    const applied = (version: number) =>
      registry!.poll({ id: a, state: 'running', users: 4, snapshots: [], changeVersion: version })?.command;
    expect(applied(1)).toEqual({ kind: 'wait' });
    registry.change(worker, { users: 6 });
    expect(applied(1)).toEqual({ kind: 'change', version: 2, users: 6 });
    expect(applied(2)).toEqual({ kind: 'wait' });
  });

  it('after a test of the web UI, the workers that ran it wait for the next, beside new ones; quit ends them all', () => {
    registry = new WorkerRegistry('hash', { keepsWorkers: true });
    const ran = registry.join({ name: 'ran', modulesHash: 'hash' }).id;
    const share = (index: number, count: number) => ({
      kind: 'run' as const,
      config: '{}',
      index,
      count,
      host: 'h',
      testData: {},
    });
    registry.assign(share);
    expect(poll(ran, 'joined')).toMatchObject({ kind: 'run', index: 0, count: 1, test: 1, stays: true });
    const taken = (state: 'joined' | 'done', test: number) =>
      registry!.poll({ id: ran, state, users: 0, snapshots: [], test })?.command;
    registry.stop('web');
    expect(taken('done', 1)).toEqual({ kind: 'stop', reason: 'web' });
    // Back to waiting before the master has ended its test: not given the same test again.
    expect(taken('joined', 1)).toEqual({ kind: 'stop', reason: 'web' });
    // For the test still ending here it is done: the load pool waits for every worker's done.
    expect(registry.workers[0].state).toBe('done');
    registry.reopen();
    expect(registry.workers.map((worker) => [worker.name, worker.index, worker.state])).toEqual([
      ['ran', -1, 'joined'],
    ]);
    expect(taken('joined', 1)).toEqual({ kind: 'wait' });
    const next = registry.join({ name: 'next', modulesHash: 'hash' }).id;
    registry.assign(share);
    expect(taken('joined', 1)).toMatchObject({ kind: 'run', index: 0, count: 2, test: 2 });
    expect(poll(next, 'joined')).toMatchObject({ kind: 'run', index: 1, count: 2, test: 2 });
    expect(taken('joined', 2)).toEqual({ kind: 'wait' });
    registry.quit('SIGINT');
    expect(taken('joined', 2)).toEqual({ kind: 'quit', reason: 'SIGINT' });
    expect(() => registry!.join({ name: 'later', modulesHash: 'hash' })).toThrow(/ending/);
  });

  it('a worker leaving between tests is forgotten at once; one leaving in a test, once the test ends', () => {
    registry = new WorkerRegistry('hash', { keepsWorkers: true });
    const a = registry.join({ name: 'a', modulesHash: 'hash' }).id;
    const b = registry.join({ name: 'b', modulesHash: 'hash' }).id;
    registry.poll({ id: a, state: 'joined', users: 0, snapshots: [], leaving: true });
    expect(registry.present().map((worker) => worker.name)).toEqual(['b']);
    registry.assign((index, count) => ({ kind: 'run', config: '{}', index, count, host: 'h', testData: {} }));
    registry.poll({ id: b, state: 'done', users: 0, snapshots: [], exitCode: 143, leaving: true });
    expect(registry.present().map((worker) => [worker.name, worker.state, worker.exitCode])).toEqual([
      ['b', 'done', 143],
    ]);
    registry.reopen();
    expect(registry.workers).toEqual([]);
  });

  it('a headless master’s workers end with their one test', () => {
    registry = new WorkerRegistry('hash');
    const a = registry.join({ name: 'a', modulesHash: 'hash' }).id;
    registry.assign((index, count) => ({ kind: 'run', config: '{}', index, count, host: 'h', testData: {} }));
    expect(poll(a, 'joined')).toMatchObject({ kind: 'run', test: 1, stays: false });
  });
});
