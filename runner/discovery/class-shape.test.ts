import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeys } from '../testing/cli-harness.ts';
import { journeyProblems, waitTimeProblem } from './class-shape.ts';
import { discoverUserClasses, UserModulesInvalid } from './discover.ts';

const RUNNER = new URL('../api/index.ts', import.meta.url).href;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journeys-class-shape-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A user module with the runner's names imported; returns its path. */
async function moduleWith(name: string, source: string): Promise<string> {
  const file = join(dir, `${name}.ts`);
  await writeFile(file, `import { Journey, User, between, constant } from '${RUNNER}';\n${source}`);
  return file;
}

const BAD_CLASSES = `
  class Fine extends Journey { steps = [this.a]; async a() {} }
  class Typo extends Journey { steps = [this.a, (this as any).bee]; waitTime = 'never' as any; async a() {} }
  class NoSteps extends Journey { steps = []; }
  export class Idle extends User { journeys = [[Fine, 1]] as const; waitTime = 'none' as any; }
  export class Numbered extends User { journeys = [[Fine, 1]] as const; waitTime = 2 as any; }
  export class Sloppy extends User { journeys = [[Typo, 1], [NoSteps, 1]] as const; waitTime = between(1, 2); }
`;

describe('the shape of a user class, checked before anything starts', () => {
  it('a waitTime that is not a wait function: one line naming the class, and what to write', () => {
    expect(waitTimeProblem(() => 1)).toBeUndefined();
    expect(waitTimeProblem('none')).toBe(
      "waitTime 'none' is not a wait function: 'none' is for a Journey's steps; on a User write waitTime = constant(0)",
    );
    expect(waitTimeProblem(2)).toBe(
      'waitTime 2 is not a wait function: write e.g. waitTime = between(1, 3), constant(0), constantPacing(1) or constantThroughput(1)',
    );
  });

  it('every problem of every class at once, each with its code and file', async () => {
    const file = await moduleWith('bad', BAD_CLASSES);
    const error = await discoverUserClasses([file]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserModulesInvalid);
    const problems = (error as UserModulesInvalid).errors.map((e) => `${e.code} ${e.message}`);
    expect(problems).toEqual([
      "USER_WAIT_TIME_INVALID Idle: waitTime 'none' is not a wait function: 'none' is for a Journey's steps; on a User write waitTime = constant(0)",
      'USER_WAIT_TIME_INVALID Numbered: waitTime 2 is not a wait function: write e.g. waitTime = between(1, 3), constant(0), constantPacing(1) or constantThroughput(1)',
      'JOURNEY_STEPS_INVALID Sloppy: Typo: steps[1] is undefined, not a method (a misspelt this.name?)',
      "JOURNEY_STEPS_INVALID Sloppy: Typo: waitTime 'never' is not 'user', 'none' or a wait function such as between(1, 3), constant(0), constantPacing(1) or constantThroughput(1)",
      'JOURNEY_STEPS_INVALID Sloppy: NoSteps: steps is empty; list its steps, e.g. steps = [this.browse, this.buy]',
    ]);
  });

  it('leaves a journey whose constructor throws to the run (it reports the exception)', () => {
    class Throws {
      constructor() {
        throw new Error('boom');
      }
    }
    expect(journeyProblems(Throws as never, {} as never)).toEqual([]);
  });
});

describe('a usage mistake is exit 2 whatever the host', () => {
  it("waitTime = 'none' on a User with an unreachable host: exit 2 and one line, not exit 3", async () => {
    const file = await moduleWith(
      'idle',
      `class Fine extends Journey { steps = [this.a]; async a() {} }
       export class Idle extends User { journeys = [[Fine, 1]] as const; waitTime = 'none' as any; }`,
    );
    const { code, stdout, stderr } = await journeys([
      'run',
      '-f',
      file,
      '-H',
      'http://127.0.0.1:1',
      '-u',
      '1',
      '-i',
      '1',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    // One line, naming the file (relative to the working folder) and the code.
    expect(stderr).toMatch(
      /^error: \S*idle\.ts: Idle: waitTime 'none' is not a wait function: 'none' is for a Journey's steps; on a User write waitTime = constant\(0\) \[USER_WAIT_TIME_INVALID\]\n$/,
    );
  });
});
