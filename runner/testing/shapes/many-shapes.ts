/** A users module exporting several load shapes: `--shape NAME` picks one. */
import { LoadShape, type ShapeRun, type ShapeTick } from '../../api/index.ts';

export { Pinger, StepUp } from './one-shape.ts';

/** 10 journeys a second for 2 s (the open model), then the end. */
export class ArrivalBurst extends LoadShape {
  maxUsers = 20;
  tick(run: ShapeRun): ShapeTick {
    return run.elapsedSeconds >= 2 ? null : { arrivalRate: 10 };
  }
}

/** 2 users until the live window shows requests and a median; then the end (20 s at most). */
export class UntilMeasured extends LoadShape {
  tick(run: ShapeRun): ShapeTick {
    const { rps, p50, failRatio } = run.stats;
    if (run.elapsedSeconds >= 20 || (rps > 0 && p50 > 0 && failRatio === 0)) return null;
    return { users: 2, spawnRate: 2 };
  }
}

/** Answers nonsense: the run ends with its reports and one line naming the shape (exit 2). */
export class Broken extends LoadShape {
  tick(): ShapeTick {
    return { users: -1, spawnRate: 1 };
  }
}
