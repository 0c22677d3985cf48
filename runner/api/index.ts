/**
 * The package `journeys-runner`: everything a load test imports. Anything not exported here is
 * internal to the runner and may change without notice.
 *
 * @example
 * import { Journey, User, between } from 'journeys-runner';
 */

export type { ClientResponse, HttpClient, RequestOptions, ResponseCheck } from '../http/client.ts';
export {
  isRequestCancelled,
  isRequestFailed,
  RequestCancelled,
  RequestFailed,
} from '../http/client-errors.ts';
export type { ThresholdResult } from '../thresholds/evaluate.ts';
export type { Threshold } from '../thresholds/parse.ts';
export { concurrently } from './concurrently.ts';
export type { Invariant, RunHooks, TestContext } from './hooks.ts';
export { Journey, type JourneyClass, JourneyInterrupt, type Step, type StepWait } from './journey.ts';
export { LoadShape, type ShapeRun, type ShapeTick, type ShapeWindowStats } from './load-shape.ts';
export { type Task, User, type UserClass, type UserContext, type Weighted } from './user.ts';
export {
  between,
  constant,
  constantPacing,
  constantThroughput,
  type WaitContext,
  type WaitTime,
} from './wait.ts';
