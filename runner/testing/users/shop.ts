/** Tiny user classes for the runner's own tests: two requests per journey, a failing journey. */
import { constant, Journey, User } from '../../api/index.ts';

export class Browse extends Journey {
  steps = [this.home, this.item];

  async home() {
    await this.client.get('/', { name: '/' });
  }

  async item() {
    await this.client.get('/items/7', { name: '/items/{id}' });
  }
}

export class Breaks extends Journey {
  static tags = ['broken'];
  steps = [this.fail, this.never];

  async fail() {
    await this.client.get('/fail', { name: '/fail' });
  }

  async never() {
    await this.client.get('/', { name: '/ (after failure)' });
  }
}

export class Shopper extends User {
  journeys = [[Browse, 1]] as const;
  waitTime = constant(0.02);
}

export class Breaker extends User {
  journeys = [[Breaks, 1]] as const;
  waitTime = constant(0.02);
}
