/**
 * A user class with run hooks, for the runner's tests: `testStart` sets up once (and its
 * data reaches every worker), `invariants` reports a result; RACE_BREAK_INVARIANT=1 fails it.
 */
import { constant, Journey, type TestContext, User } from '../../api/index.ts';

export class Reserve extends Journey {
  static tags = ['race'];

  static async testStart(context: TestContext) {
    const response = await context.client.post('/setup', { name: 'setup', expect: [200] });
    return { itemId: 'item-10', setupStatus: response.status };
  }

  static invariants() {
    const pass = process.env.RACE_BREAK_INVARIANT !== '1';
    return [
      { name: 'no-oversell', pass, detail: pass ? 'reserved 10 of 10, available 0' : 'reserved 11 of 10' },
    ];
  }

  steps = [this.reserve];

  async reserve() {
    const { itemId } = this.testData as { itemId: string };
    await this.client.post(`/items/${itemId}/reserve`, {
      name: '/items/{id}/reserve',
      json: { quantity: 1 },
    });
  }
}

export class Racer extends User {
  journeys = [[Reserve, 1]] as const;
  waitTime = constant(0.02);

  static testStop() {
    console.log('Racer.testStop called');
  }
}
