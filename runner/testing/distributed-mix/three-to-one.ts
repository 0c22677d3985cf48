/**
 * Two user classes weighted 3:1 for the distributed tests of the class mix: the run's users
 * go Heavy Heavy Light Heavy Heavy Heavy Light Heavy…; both send by-process.ts's requests.
 */
import { constant, User } from '../../api/index.ts';
import { Tagged } from '../distributed-users/by-process.ts';

export class Heavy extends User {
  static weight = 3;
  journeys = [[Tagged, 1]] as const;
  waitTime = constant(0.05);
}

export class Light extends User {
  static weight = 1;
  journeys = [[Tagged, 1]] as const;
  waitTime = constant(0.05);
}
