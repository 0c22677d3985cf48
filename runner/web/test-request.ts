/** The page's JSON for a new test or an edit, checked field by field into a `TestRequest`. */
import { loadProblem } from '../config/load-limits.ts';
import { RunnerError } from '../errors.ts';
import type { TestRequest } from './controller.ts';

/**
 * @example readTestRequest({ users: 5, spawnRate: 2, userClasses: ['Shopper'] })
 */
export function readTestRequest(body: unknown): TestRequest {
  if (typeof body !== 'object' || body === null) throw formError('the request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const request: TestRequest = {};
  for (const field of ['users', 'spawnRate', 'arrivalRate', 'maxUsers'] as const) {
    const value = b[field];
    if (value === undefined || value === null || value === '') continue;
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0)
      throw formError(`${field} must be a number >= 0, got ${JSON.stringify(value)}`);
    request[field] = number;
  }
  for (const field of ['profile', 'host', 'runTime'] as const) {
    const value = b[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw formError(`${field} must be text`);
    request[field] = value.trim();
  }
  for (const field of ['userClasses', 'tags'] as const) {
    const value = b[field];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
      throw formError(`${field} must be a list of names`);
    request[field] = value.map((item: string) => item.trim()).filter(Boolean);
  }
  // The command line's limits: a form asking for 1e12 users is refused, never a hung UI.
  const tooMuch = loadProblem(request);
  if (tooMuch) throw formError(tooMuch);
  return request;
}

function formError(message: string): RunnerError {
  return new RunnerError(message, {
    code: 'WEB_FORM',
    where: 'new test',
    hint: 'correct the field and start again',
  });
}
