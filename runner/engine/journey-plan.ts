import { Journey, type JourneyClass, journeyNameOf } from '../api/journey.ts';
import type { Task } from '../api/user.ts';
import { RunnerError } from '../errors.ts';

/** One entry of a user's `journeys`: a Journey class or a plain task, with its weight and tags. */
export interface PlannedJourney {
  name: string;
  weight: number;
  tags: readonly string[];
  kind: 'journey' | 'task';
  target: JourneyClass | Task;
}

/** A user class's journeys after tag filtering, ready for weighted picks. */
export interface JourneyPlan {
  entries: readonly PlannedJourney[];
  /** Running sums of the weights, for a pick by one random number. */
  cumulative: readonly number[];
  total: number;
}

/** Whether a `journeys` entry is a Journey subclass, a plain task, or neither (a user mistake). */
export function journeyKindOf(target: unknown): 'journey' | 'task' | undefined {
  if (typeof target !== 'function') return undefined;
  if (target.prototype instanceof Journey) return 'journey';
  // A class that is not a Journey cannot be called as a task.
  if (Function.prototype.toString.call(target).startsWith('class')) return undefined;
  return 'task';
}

/** The name a journey or task shows in statistics. */
export function plannedNameOf(target: JourneyClass | Task): string {
  if (journeyKindOf(target) === 'journey') return journeyNameOf(target as JourneyClass);
  return target.name.replace(/^bound /, '') || 'task';
}

export interface TagFilter {
  /** Keep only journeys with at least one of these tags (`--tags`). */
  tags?: readonly string[];
  /** Drop journeys with any of these tags (`--exclude-tags`). */
  excludeTags?: readonly string[];
}

/**
 * Filters a user class's journeys by tags and prepares weighted picks.
 * @throws RunnerError `USER_NO_JOURNEYS` when nothing is left to run.
 * @example const plan = planJourneys('ShopUser', discovered.journeys, { tags: ['race'] });
 */
export function planJourneys(
  className: string,
  entries: readonly PlannedJourney[],
  filter: TagFilter = {},
): JourneyPlan {
  const include = filter.tags !== undefined && filter.tags.length > 0 ? filter.tags : undefined;
  const exclude = filter.excludeTags ?? [];
  const kept = entries.filter(
    (entry) =>
      (include === undefined || entry.tags.some((tag) => include.includes(tag))) &&
      !entry.tags.some((tag) => exclude.includes(tag)),
  );
  if (kept.length === 0) {
    const why = entries.length === 0 ? 'has no journeys' : 'has no journeys left after --tags/--exclude-tags';
    throw new RunnerError(`user class ${className} ${why}`, {
      code: 'USER_NO_JOURNEYS',
      where: className,
      hint: 'list journeys in its `journeys`, or change the tag filters',
    });
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const entry of kept) {
    total += entry.weight;
    cumulative.push(total);
  }
  return { entries: kept, cumulative, total };
}

/**
 * Picks a journey by weight with one random number in [0, 1).
 * @example const next = pickJourney(plan, user.random());
 */
export function pickJourney(plan: JourneyPlan, random: number): PlannedJourney {
  const point = random * plan.total;
  const { cumulative, entries } = plan;
  for (let i = 0; i < cumulative.length; i++) {
    if (point < cumulative[i]) return entries[i];
  }
  return entries[entries.length - 1];
}
