/**
 * A user for the distributed-mode tests: every request's path names the process that sent it
 * (`/by/<pid>`), so the target's own log tells each worker's requests and first request apart;
 * one request name for all, so the statistics merge into one row. A journey whose `testStart`
 * data is missing or was made in its own process (testStart ran on a worker, not the master)
 * raises, so the run's exceptions show it.
 */
import { constant, Journey, User } from '../../api/index.ts';

export class Tagged extends Journey {
  steps = [this.call];

  static async testStart() {
    return { marker: `from-${process.pid}` };
  }

  async call() {
    const marker = (this.testData as { marker?: string } | undefined)?.marker;
    if (marker === undefined) throw new Error('no testStart data reached this journey');
    if (marker === `from-${process.pid}`) throw new Error('testStart ran in this worker, not on the master');
    await this.client.get(`/by/${process.pid}`, { name: '/by/{pid}', headers: { 'x-user': marker } });
  }
}

export class ByProcess extends User {
  journeys = [[Tagged, 1]] as const;
  waitTime = constant(0.05);
}
