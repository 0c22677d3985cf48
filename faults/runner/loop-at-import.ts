/** A user module that never finishes importing (a loop at its top level), for the fault suite. */
import { constant, Journey, User } from '../../runner/api/index.ts';

const started = Date.now();
// Bounded, so a runner that failed to stop it still ends: ten minutes of a busy loop.
while (Date.now() - started < 600_000) {}

export class Never extends Journey {
  steps = [this.home];

  async home() {
    await this.client.get('/');
  }
}

export class LoopAtImport extends User {
  journeys = [[Never, 1]] as const;
  waitTime = constant(1);
}
