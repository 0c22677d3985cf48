/** A user whose journey step throws, for the fault suite: it must be named with journey and step. */
import { constant, Journey, User } from '../../runner/api/index.ts';

export class Checkout extends Journey {
  steps = [this.browse, this.pay];

  async browse() {
    await this.client.get('/items/7', { name: '/items/{id}' });
  }

  async pay() {
    throw new Error('card service exploded');
  }
}

export class Thrower extends User {
  journeys = [[Checkout, 1]] as const;
  waitTime = constant(0.1);
}
