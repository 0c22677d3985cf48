/** A user that only asks the real service for its health: the embedded-service test needs no domain data. */
import { constant, Journey, User } from '../../api/index.ts';

export class HealthCheck extends Journey {
  steps = [this.health];

  async health() {
    await this.client.get('/health', { name: '/health', expect: [200] });
  }
}

export class HealthUser extends User {
  journeys = [[HealthCheck, 1]] as const;
  waitTime = constant(0.05);
}
