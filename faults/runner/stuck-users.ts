/**
 * Users whose run hooks never settle, for the fault suite: `StuckEnd`'s testStop awaits a
 * promise that never settles and its invariants poll forever; `StuckStart`'s testStart
 * never settles. Their journeys are plain.
 */
import { constant, Journey, User } from '../../runner/api/index.ts';

export class Browse extends Journey {
  steps = [this.home];

  async home() {
    await this.client.get('/browse', { name: 'GET /browse' });
  }
}

export class StuckEnd extends User {
  journeys = [[Browse, 1]] as const;
  waitTime = constant(0.2);

  static testStop() {
    return new Promise<never>(() => {});
  }

  static invariants() {
    return new Promise<never>(() => {
      setInterval(() => {}, 100);
    });
  }
}

export class StuckStart extends User {
  journeys = [[Browse, 1]] as const;
  waitTime = constant(0.2);

  static testStart() {
    return new Promise<never>(() => {});
  }
}

export class Burn extends Journey {
  steps = [this.warm, this.spin];

  async warm() {
    await this.client.get('/browse', { name: 'GET /browse' });
  }

  /** A CPU-bound step that never yields (bounded, so a runner that failed to stop it still ends). */
  async spin() {
    const started = Date.now();
    while (Date.now() - started < 600_000) {}
  }
}

export class Spinner extends User {
  journeys = [[Burn, 1]] as const;
  waitTime = constant(0.1);
}
