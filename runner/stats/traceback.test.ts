import { describe, expect, it } from 'vitest';
import { describeError, StatsRecorder } from './recorder.ts';

function readMissing(): never {
  throw new TypeError("Cannot read properties of undefined (reading '0')");
}

/** A step that throws after its journey awaited `resume`, caught as the engine catches it. */
async function thrownAfter(resume: () => Promise<void>): Promise<unknown> {
  const journey = async () => {
    await resume();
    readMissing();
  };
  try {
    await journey();
  } catch (error) {
    return error;
  }
  throw new Error('the step did not throw');
}

// The same resumption by a timer, with and without a tick queued: the second is drained by
// Node's `processTicksAndRejections`, whose frame then shows in the stack.
const byTimer = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
const byTimerAndTick = () =>
  new Promise<void>((resolve) =>
    setTimeout(() => {
      process.nextTick(() => {});
      resolve();
    }, 1),
  );

/** The error of each way of resuming, thrown and caught along one path (one call site). */
async function thrownBoth(): Promise<Error[]> {
  const errors: Error[] = [];
  for (const resume of [byTimer, byTimerAndTick]) errors.push((await thrownAfter(resume)) as Error);
  return errors;
}

describe('exception tracebacks', () => {
  it('are the same for one throw site however the journey resumed', async () => {
    const [plain, ticked] = await thrownBoth();
    // The raw stacks differ (the reason this exists); the recorded tracebacks do not.
    expect(ticked.stack).toContain('node:internal/');
    expect(ticked.stack).not.toBe(plain.stack);
    const traceback = describeError(ticked).traceback;
    expect(traceback).toBe(describeError(plain).traceback);
    expect(traceback).not.toContain('node:internal/');
    expect(traceback).toMatch(/^TypeError: .*\n\s+at readMissing \(.*traceback\.test\.ts:5:\d+\)\n/);
  });

  it('count one bug in one row of the exceptions table', async () => {
    const recorder = new StatsRecorder();
    for (const error of await thrownBoth()) recorder.exception(error, 'Typo.readMissing');
    const { exceptions } = recorder.takeSnapshot();
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({ count: 2, nodes: ['Typo.readMissing'] });
    recorder.close();
  });
});
