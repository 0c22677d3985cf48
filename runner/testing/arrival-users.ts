/** User modules for the open-model tests (imported by path in worker threads). */
import { Journey, User } from '../api/index.ts';

/** One request answered after `ms` (query); tells whether its user had run a journey before. */
class Visit extends Journey<Visitor> {
  static ms = 300;
  steps = [this.visit];
  async visit() {
    const ms = (this.constructor as typeof Visit).ms;
    await this.client.get('/slow', { name: 'slow', query: { ms } });
    // User-level state lives across journeys: a reused user has visited before.
    this.outcome(this.user.visits++ === 0 ? 'first-visit' : 'repeat-visit');
  }
}

export class SlowVisit extends Visit {
  static journeyName = 'SlowVisit';
}

export class StalledVisit extends Visit {
  static journeyName = 'StalledVisit';
  static ms = 1000;
}

export class Ping extends Journey {
  steps = [this.ping];
  async ping() {
    await this.client.get('/ok', { name: 'ping' });
  }
}

/** Blocks its thread for 300 ms in the first journey it runs: the generator's own stall. */
export class BlocksOnce extends Journey {
  static blocked = false;
  steps = [this.block, this.ping];
  block() {
    if (BlocksOnce.blocked) return;
    BlocksOnce.blocked = true;
    const end = performance.now() + 300;
    while (performance.now() < end) {
      // busy: nothing else runs on this thread meanwhile
    }
  }
  async ping() {
    await this.client.get('/ok', { name: 'ping' });
  }
}

export class Visitor extends User {
  journeys = [[SlowVisit, 1]] as const;
  visits = 0;
}

export class StalledVisitor extends Visitor {
  journeys = [[StalledVisit, 1]] as const;
}

export class Pinger extends User {
  journeys = [[Ping, 1]] as const;
}

export class Blocker extends User {
  journeys = [[BlocksOnce, 1]] as const;
}
