/** What journeys and users import. */
export type { ClientResponse, HttpClient, RequestOptions, ResponseCheck } from './client.ts';
export type { Invariant, RunHooks, TestContext } from './hooks.ts';
export { Journey, type JourneyClass, JourneyInterrupt, type Step } from './journey.ts';
export { type Task, User, type UserClass, type UserContext, type Weighted } from './user.ts';
export { between, constant, constantPacing, constantThroughput, type WaitTime } from './wait.ts';
