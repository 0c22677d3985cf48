/** The users our runner plays in the benchmark. */
import { User } from '../../runner/api/index.ts';
import { between, constant } from '../../runner/api/wait.ts';

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

export class DelayUser extends User {
  journeys = [[getDelay, 1]] as const;
  waitTime = constant(0);
}

export class IdleUser extends User {
  journeys = [[idle, 1]] as const;
  waitTime = between(1, 2);
}
