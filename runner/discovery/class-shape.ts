/**
 * What a user class's instance must hold to run, checked before anything starts (a usage
 * mistake is exit 2 whatever the target): a `waitTime` that is a wait function, and
 * journeys whose `steps` are methods and whose `waitTime` is `'user'`, `'none'` or a wait
 * function. Without these checks each user would throw the same TypeError once a second.
 */
import type { JourneyClass } from '../api/journey.ts';
import type { User } from '../api/user.ts';

const WAIT_FUNCTIONS = 'between(1, 3), constant(0), constantPacing(1) or constantThroughput(1)';

/**
 * The problem with a user's `waitTime`, or undefined.
 * @example waitTimeProblem('none') // "waitTime 'none' is not a wait function: 'none' is for a Journey's steps; on a User write waitTime = constant(0)"
 */
export function waitTimeProblem(waitTime: unknown): string | undefined {
  if (typeof waitTime === 'function') return undefined;
  if (waitTime === 'none' || waitTime === 'user')
    return `waitTime '${waitTime}' is not a wait function: '${waitTime}' is for a Journey's steps; on a User write waitTime = constant(0)`;
  return `waitTime ${shown(waitTime)} is not a wait function: write e.g. waitTime = ${WAIT_FUNCTIONS}`;
}

/**
 * The problems of one journey class, built as a run builds it (a constructor that throws is
 * left to the run, which reports it as an exception with its stack).
 * @example journeyProblems(Checkout, user) // ['Checkout: steps[2] is undefined, not a method (a misspelt this.name?)']
 */
export function journeyProblems(journeyClass: JourneyClass, user: User): string[] {
  let journey: { steps?: unknown; waitTime?: unknown };
  try {
    journey = new journeyClass(user);
  } catch {
    return [];
  }
  const name = journeyClass.name;
  const problems: string[] = [];
  const { steps, waitTime } = journey;
  if (!Array.isArray(steps) || steps.length === 0) {
    problems.push(`${name}: steps is ${shown(steps)}; list its steps, e.g. steps = [this.browse, this.buy]`);
  } else {
    steps.forEach((step, index) => {
      if (typeof step !== 'function')
        problems.push(`${name}: steps[${index}] is ${shown(step)}, not a method (a misspelt this.name?)`);
    });
  }
  if (waitTime !== 'user' && waitTime !== 'none' && typeof waitTime !== 'function')
    problems.push(
      `${name}: waitTime ${shown(waitTime)} is not 'user', 'none' or a wait function such as ${WAIT_FUNCTIONS}`,
    );
  return problems;
}

/** A value as the user wrote it, short. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 30 ? `${value.slice(0, 30)}…` : value}'`;
  if (Array.isArray(value)) return value.length === 0 ? 'empty' : 'a list';
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? 'an object' : String(value);
}
