/** A users module exporting one load shape: the run follows it without being told. */
import { constant, LoadShape, type ShapeRun, type ShapeTick, User } from '../../api/index.ts';

export class Pinger extends User {
  journeys = [[(user: Pinger) => user.client.get('/ok', { name: 'ping' }), 1]] as const;
  waitTime = constant(0.05);
}

/** 1 user, then 2, then 3, one more each second; the run ends after 3 s. */
export class StepUp extends LoadShape {
  tick(run: ShapeRun): ShapeTick {
    if (run.elapsedSeconds >= 3) return null;
    return { users: Math.floor(run.elapsedSeconds) + 1, spawnRate: 10 };
  }
}
