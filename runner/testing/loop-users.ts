/** User modules for the user-loop and pool tests (imported by path in worker threads too). */
import { Journey, User } from '../api/index.ts';
import { between, constant, constantPacing } from '../api/wait.ts';

/** Steps in the order they ran (in-process tests read it). */
export const stepLog: string[] = [];
/** When each step of `ThreeSteps` began (`performance.now()`), where the user's pacing is kept. */
export const stepStarts: number[] = [];

export class ThreeSteps extends Journey {
  steps = [this.first, this.second, this.third];
  async first() {
    stepStarts.push(performance.now());
    stepLog.push('first');
    await this.client.get('/ok', { name: 'first' });
  }
  async second() {
    stepStarts.push(performance.now());
    stepLog.push('second');
    await this.client.get('/ok', { name: 'second' });
  }
  async third() {
    stepStarts.push(performance.now());
    stepLog.push('third');
    await this.client.get('/ok', { name: 'third' });
  }
}

export class FailsInSecond extends Journey {
  steps = [this.open, this.breaks, this.never];
  async open() {
    await this.client.get('/ok', { name: 'open' });
  }
  async breaks() {
    await this.client.get('/fail', { name: 'breaks' });
  }
  async never() {
    stepLog.push('never');
    await this.client.get('/ok', { name: 'never' });
  }
}

export class InterruptsEarly extends Journey {
  static tags = ['quiet'];
  steps = [this.decide, this.never];
  async decide() {
    await this.client.get('/ok', { name: 'decide' });
    this.interrupt('nothing to do');
  }
  async never() {
    stepLog.push('never');
    await this.client.get('/ok', { name: 'never' });
  }
}

export class ThrowsError extends Journey {
  steps = [this.boom];
  boom() {
    throw new Error('kaboom');
  }
}

export class BrokenConstructor extends Journey {
  data: unknown = JSON.parse('not json');
  steps = [];
}

export class Race extends Journey {
  static journeyName = 'RaceForStock';
  static tags = ['race'];
  steps = [this.reserve];
  async reserve() {
    await this.client.get('/conflict', { name: 'reserve', outcomes: { 201: 'won', 409: 'conflict' } });
    this.outcome('tried');
  }
}

export class SlowThenOk extends Journey {
  steps = [this.slow, this.after];
  async slow() {
    await this.client.get('/slow', { name: 'slow', query: { ms: 400 } });
  }
  async after() {
    await this.client.get('/ok', { name: 'after' });
  }
}

export async function pingTask(user: User): Promise<void> {
  await user.client.get('/ok', { name: 'ping' });
}

export async function raceTask(user: User): Promise<void> {
  await user.client.get('/conflict', { name: 'race task', outcomes: { 409: 'conflict' } });
}

/** One journey then another: an /ok and a 409 outcome per journey, so server counts are exact. */
export class CountingUser extends User {
  journeys = [
    [Race, 1],
    [pingTask, 1],
  ] as const;
  waitTime = constant(0);
}

export class SlowUser extends User {
  journeys = [[SlowThenOk, 1]] as const;
  waitTime = constant(0);
}

/** A request that outlasts any test that stops it (10 s): in flight at the stop, however late the last thread began. */
export class HangsOn extends Journey {
  steps = [this.wait];
  async wait() {
    await this.client.get('/slow', { name: 'slow', query: { ms: 10_000 } });
  }
}

export class HangingUser extends User {
  journeys = [[HangsOn, 1]] as const;
  waitTime = constant(0);
}

export class MixedUser extends User {
  journeys = [
    [ThreeSteps, 1],
    [InterruptsEarly, 2],
    [Race, 7],
  ] as const;
  waitTime = constant(0);
}

/** ThreeSteps with its steps back to back, whatever the user's wait. */
export class ThreeStepsNoWait extends ThreeSteps {
  waitTime = 'none' as const;
}

/** ThreeSteps thinking 0.3 s between its steps, its own wait rather than the user's. */
export class ThreeStepsOwnWait extends ThreeSteps {
  waitTime = constant(0.3);
}

/** Thinks exactly 1 s after each step, as a Locust user with `between(1, 1)`. */
export class ThinkingUser extends User {
  journeys = [[ThreeSteps, 1]] as const;
  waitTime = between(1, 1);
}

/** Paced per step: each step starts 0.25 s after the last one started. */
export class PacedUser extends User {
  journeys = [[ThreeSteps, 1]] as const;
  waitTime = constantPacing(0.25);
}
