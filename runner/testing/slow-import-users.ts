/**
 * A users module that takes long to import (a slow top-level await, as a module loading
 * fixtures would), for the tests of a stop during pre-flight: it says so when its import
 * begins, then waits SLOW_IMPORT_MS (default 30 s).
 */
import { constant, Journey, User } from '../api/index.ts';

console.log('slow-import-users: importing');
await new Promise((resolve) => setTimeout(resolve, Number(process.env.SLOW_IMPORT_MS ?? 30_000)));

export class Wait extends Journey {
  steps = [this.ping];

  async ping() {
    await this.client.get('/health', { name: '/health' });
  }
}

export class Patient extends User {
  journeys = [[Wait, 1]] as const;
  waitTime = constant(0.1);
}
