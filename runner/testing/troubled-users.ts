/**
 * Users whose runs go wrong in ways the console must explain: `Sloppy`'s journey has a bug
 * (its second step throws a TypeError: an exception, not a failed request); `Stuck` waits on
 * `/slow?ms=3000`, longer than the short runs that use it, so no request completes.
 */
import { constant, Journey, User } from '../api/index.ts';

export class Typo extends Journey {
  steps = [this.home, this.readMissing];

  async home() {
    await this.client.get('/', { name: '/' });
  }

  readMissing() {
    const order = JSON.parse('{}') as { lines: { sku: string }[] };
    return order.lines[0].sku;
  }
}

export class Sloppy extends User {
  journeys = [[Typo, 1]] as const;
  waitTime = constant(0.02);
}

export class Wait extends Journey {
  steps = [this.wait];

  async wait() {
    await this.client.get('/slow', { name: 'slow', query: { ms: 3000 } });
  }
}

export class Stuck extends User {
  journeys = [[Wait, 1]] as const;
  waitTime = constant(0.02);
}
