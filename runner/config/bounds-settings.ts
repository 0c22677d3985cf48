/**
 * What bounds a run against a hostile target or hostile user code, from the profile and
 * the command line (a flag wins): the body kept per response (`max_response_bytes`), the
 * redirects followed (`max_redirects`), accepting self-signed certificates (`insecure`),
 * the distinct statistics names before the overflow row (`max_names`) and the time each
 * run hook (and the import of the user modules) gets (`hook_timeout`).
 */
import { DEFAULT_HTTP_SETTINGS, type HttpSettings } from '../http/http-settings.ts';
import { DEFAULT_MAX_NAMES } from '../stats/name-limit.ts';
import { parseDuration } from './duration.ts';
import { FlagError } from './errors.ts';
import type { Profile } from './schema.ts';

export interface BoundsSettings {
  http: HttpSettings;
  /** Distinct (method, name) rows before new names go to the overflow row. */
  maxNames: number;
  /** Seconds each of testStart, testStop, invariants (and the user modules' import) may take. */
  hookTimeoutSeconds: number;
}

export interface BoundsFlags {
  maxResponseBytes?: string | number;
  maxRedirects?: string | number;
  insecure?: boolean;
  maxNames?: string | number;
  hookTimeout?: string | number;
}

/** One minute, as a stuck `testStart` should not cost more than a coffee; long set-ups raise it. */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 60;

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i;
const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  kib: 1024,
  mb: 1e6,
  mib: 1024 ** 2,
  gb: 1e9,
  gib: 1024 ** 3,
};

/**
 * @example resolveBounds({ name: 'smoke' }, { maxResponseBytes: '1MiB', insecure: true })
 * // { http: { maxResponseBytes: 1048576, maxRedirects: 30, insecure: true }, maxNames: 1000, hookTimeoutSeconds: 60 }
 */
export function resolveBounds(profile: Profile, flags: BoundsFlags): { bounds: BoundsSettings } {
  const problems: string[] = [];
  const from = (flag: unknown, flagName: string, field: string) =>
    flag !== undefined ? flagName : `profile ${profile.name}: ${field}`;
  const size = (value: string | number | undefined, where: string, fallback: number) => {
    if (value === undefined) return fallback;
    const match = SIZE.exec(String(value).trim());
    const bytes = match ? Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]) : Number.NaN;
    if (!Number.isSafeInteger(bytes) || bytes < 1) {
      problems.push(
        `${where}: must be a size in bytes such as 8388608, 512KiB or 8MiB, got ${JSON.stringify(String(value))}`,
      );
      return fallback;
    }
    return bytes;
  };
  const count = (value: string | number | undefined, where: string, fallback: number, least: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(String(value).trim()) || !Number.isSafeInteger(n) || n < least) {
      problems.push(`${where}: must be a whole number ≥ ${least}, got ${JSON.stringify(String(value))}`);
      return fallback;
    }
    return n;
  };
  const bodyValue = flags.maxResponseBytes ?? profile.max_response_bytes;
  const redirectsValue = flags.maxRedirects ?? profile.max_redirects;
  const namesValue = flags.maxNames ?? profile.max_names;
  const hookValue = flags.hookTimeout ?? profile.hook_timeout;
  let hookTimeoutSeconds = DEFAULT_HOOK_TIMEOUT_SECONDS;
  if (hookValue !== undefined) {
    const where = from(flags.hookTimeout, '--hook-timeout', 'hook_timeout');
    try {
      hookTimeoutSeconds = parseDuration(hookValue, where);
      if (hookTimeoutSeconds <= 0) problems.push(`${where}: must be more than 0 seconds`);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const bounds: BoundsSettings = {
    http: {
      maxResponseBytes: size(
        bodyValue,
        from(flags.maxResponseBytes, '--max-response-bytes', 'max_response_bytes'),
        DEFAULT_HTTP_SETTINGS.maxResponseBytes,
      ),
      maxRedirects: count(
        redirectsValue,
        from(flags.maxRedirects, '--max-redirects', 'max_redirects'),
        DEFAULT_HTTP_SETTINGS.maxRedirects,
        0,
      ),
      insecure: flags.insecure ?? profile.insecure ?? DEFAULT_HTTP_SETTINGS.insecure,
    },
    maxNames: count(namesValue, from(flags.maxNames, '--max-names', 'max_names'), DEFAULT_MAX_NAMES, 1),
    hookTimeoutSeconds,
  };
  if (problems.length > 0) throw new FlagError(problems);
  return { bounds };
}
