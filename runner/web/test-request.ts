/**
 * The page's JSON for a new test or an edit: which fields it may send is the settings
 * table's (`web:` in runner/config/settings.ts), checked field by field into a
 * `TestRequest`, then laid over the command line's flags.
 */
import type { CliFlags } from '../config/flags.ts';
import { loadProblem } from '../config/load-limits.ts';
import type { WebFieldKind } from '../config/setting.ts';
import { type SettingKey, type Settings, settings } from '../config/settings.ts';
import { RunnerError } from '../errors.ts';

type WebKey = { [K in SettingKey]: Settings[K] extends { web: WebFieldKind } ? K : never }[SettingKey];
type WebValue<S> = S extends { web: 'number' } ? number : S extends { web: 'list' } ? string[] : string;

/** A new test, as the form (or `POST /swarm`) sends it; every field left out keeps the command line's. */
export type TestRequest = { [K in WebKey]?: WebValue<Settings[K]> } & {
  /** Classes to run; empty or left out = the profile's, or every class. */
  userClasses?: string[];
};

const webFields = (Object.keys(settings) as SettingKey[]).flatMap((key) => {
  const kind = (settings[key] as { web?: WebFieldKind }).web;
  return kind ? [{ key: key as WebKey, kind }] : [];
});

/**
 * @example readTestRequest({ users: 5, spawnRate: 2, userClasses: ['Shopper'] })
 */
export function readTestRequest(body: unknown): TestRequest {
  if (typeof body !== 'object' || body === null) throw formError('the request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const request: Record<string, unknown> = {};
  for (const { key, kind } of [...webFields, { key: 'userClasses', kind: 'list' as const }]) {
    const value = b[key];
    if (value === undefined || value === null) continue;
    if (kind === 'number') {
      if (value === '') continue;
      const number = Number(value);
      if (!Number.isFinite(number) || number < 0)
        throw formError(`${key} must be a number >= 0, got ${JSON.stringify(value)}`);
      request[key] = number;
    } else if (kind === 'text') {
      if (typeof value !== 'string') throw formError(`${key} must be text`);
      request[key] = value.trim();
    } else {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
        throw formError(`${key} must be a list of names`);
      request[key] = value.map((item: string) => item.trim()).filter(Boolean);
    }
  }
  // The command line's limits: a form asking for 1e12 users is refused, never a hung UI.
  const tooMuch = loadProblem(request);
  if (tooMuch) throw formError(tooMuch);
  return request as TestRequest;
}

/**
 * The command line's flags with the form's changes: a field left empty keeps the flag's
 * value; an arrival rate above 0 makes the test open-model (the closed model's users and
 * spawn rate go), a request naming neither users nor a rate keeps the flags' model, otherwise
 * the open model's fields go.
 * @example mergeTestRequest({ users: '2' }, { users: 5 }) // { users: 5, arrivalRate: undefined, … }
 */
export function mergeTestRequest(flags: CliFlags, request: TestRequest): CliFlags {
  const merged: Record<string, unknown> = { ...flags };
  for (const { key } of webFields) {
    const value = request[key];
    if (key === 'profile' || value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    merged[key] = value;
  }
  if (request.userClasses?.length) merged.classNames = request.userClasses;
  // A request that names no model (`--autostart`, `POST /swarm` without a rate) keeps the flags' model.
  const open =
    request.arrivalRate !== undefined
      ? request.arrivalRate > 0
      : request.users === undefined && flags.arrivalRate !== undefined;
  if (open) Object.assign(merged, { users: undefined, spawnRate: undefined });
  else Object.assign(merged, { arrivalRate: undefined, maxUsers: undefined });
  return merged as CliFlags;
}

function formError(message: string): RunnerError {
  return new RunnerError(message, {
    code: 'WEB_FORM',
    where: 'new test',
    hint: 'correct the field and start again',
  });
}
