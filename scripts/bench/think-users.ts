/**
 * The users of the users-who-think benchmark: a 2-step journey, one second between steps and
 * journeys. The benchmark copies this file into a scratch project where `journeys-runner` is
 * the compiled package, as a user's project has it.
 */
import { constant, Journey, User } from 'journeys-runner';

export class TwoSteps extends Journey {
  steps = [this.first, this.second];

  async first() {
    await this.client.get('/', { name: 'first' });
  }

  async second() {
    await this.client.get('/', { name: 'second' });
  }
}

export class ThinkingUser extends User {
  journeys = [[TwoSteps, 1]] as const;
  waitTime = constant(1);
}
