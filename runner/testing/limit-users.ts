/** A user for the limit search tests: one request after another, no think time. */
import { constant, User } from '../api/index.ts';

export class Worker extends User {
  journeys = [[(user: Worker) => user.client.get('/work', { name: 'work' }), 1]] as const;
  waitTime = constant(0);
}
