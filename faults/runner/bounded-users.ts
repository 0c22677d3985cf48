/**
 * Users that aim at a hostile target, for the runner's bounds fault rows: an endless body,
 * a gigabyte body, and a thousand distinct unnamed URLs per journey (ids in the path).
 */
import { randomUUID } from 'node:crypto';
import { constant, Journey, User } from '../../runner/api/index.ts';

export class ReadEndless extends Journey {
  steps = [this.read];

  async read() {
    await this.client.get('/endless', { name: 'GET /endless' });
  }
}

export class EndlessBody extends User {
  journeys = [[ReadEndless, 1]] as const;
  waitTime = constant(0);
}

export class ReadGigabyte extends Journey {
  steps = [this.read];

  async read() {
    await this.client.get('/bytes?n=1000000000', { name: 'GET /bytes (1 GB)' });
  }
}

export class GigabyteBody extends User {
  journeys = [[ReadGigabyte, 1]] as const;
  waitTime = constant(0);
}

export class ThousandIds extends Journey {
  steps = [this.browse];

  /** 1,000 requests, each to a URL of its own and no `name`: the mistake the name limit catches. */
  async browse() {
    for (let i = 0; i < 1000; i++) await this.client.get(`/items/${randomUUID()}`);
  }
}

export class DistinctUrls extends User {
  journeys = [[ThousandIds, 1]] as const;
  waitTime = constant(0);
}

export class HoldSockets extends Journey {
  steps = [this.hold];

  /** Ten slow requests at once: each user holds ten sockets for 1.5 s. */
  async hold() {
    await Promise.all(
      Array.from({ length: 10 }, () => this.client.get('/slow?ms=1500', { name: 'GET /slow' })),
    );
  }
}

export class ManySockets extends User {
  journeys = [[HoldSockets, 1]] as const;
  waitTime = constant(0);
}
