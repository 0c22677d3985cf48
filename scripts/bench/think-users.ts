/** The users of the users-who-think benchmark: a 2-step journey, one second between steps and journeys. */
import { Journey, User } from '../../runner/api/index.ts';
import { constant } from '../../runner/api/wait.ts';

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
