/**
 * The users our runner plays in the benchmark. The benchmark copies this file into a scratch
 * project where `journeys-runner` is the compiled package, as a user's project has it.
 */
import { between, constant, Journey, User } from 'journeys-runner';

export async function getRoot(user: User): Promise<void> {
  await user.client.get('/', { name: 'root' });
}

export async function getDelay(user: User): Promise<void> {
  await user.client.get('/delay', { name: 'delay' });
}

/** A journey that sends nothing: the user only waits. */
export function idle(): void {}

export class ThroughputUser extends User {
  journeys = [[getRoot, 1]] as const;
  waitTime = constant(0);
}

/** The same request as `getRoot`, as a one-step `Journey` class (a client view and journey statistics per journey). */
export class RootJourney extends Journey {
  steps = [this.root];

  async root() {
    await this.client.get('/', { name: 'root' });
  }
}

export class JourneyThroughputUser extends User {
  journeys = [[RootJourney, 1]] as const;
  waitTime = constant(0);
}

export class DelayUser extends User {
  journeys = [[getDelay, 1]] as const;
  waitTime = constant(0);
}

export class IdleUser extends User {
  journeys = [[idle, 1]] as const;
  waitTime = between(1, 2);
}
