/**
 * What bounds a run against a hostile target or hostile user code (declared in settings.ts):
 * the body kept per response (`max_response_bytes`), the redirects followed
 * (`max_redirects`), accepting self-signed certificates (`insecure`), the distinct statistics
 * names before the overflow row (`max_names`) and the time each run hook — and the import of
 * the user modules — gets (`hook_timeout`).
 */
import { DEFAULT_HTTP_SETTINGS, type HttpSettings } from '../http/http-settings.ts';
import { DEFAULT_MAX_NAMES } from '../stats/name-limit.ts';

export interface BoundsSettings {
  http: HttpSettings;
  /** Distinct (method, name) rows before new names go to the overflow row. */
  maxNames: number;
  /** Seconds each of testStart, testStop, invariants (and the user modules' import) may take. */
  hookTimeoutSeconds: number;
}

/** One minute: a stuck `testStart` should not cost more than a coffee; long set-ups raise it. */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 60;

/** The chosen values (flag, else profile; undefined where neither says) filled with the defaults. */
export interface ChosenBounds {
  maxResponseBytes?: number;
  maxRedirects?: number;
  insecure?: boolean;
  maxNames?: number;
  hookTimeout?: number;
}

/**
 * @example resolveBounds({ maxResponseBytes: 1048576, insecure: true })
 * // { http: { maxResponseBytes: 1048576, maxRedirects: 30, insecure: true }, maxNames: 1000, hookTimeoutSeconds: 60 }
 */
export function resolveBounds(chosen: ChosenBounds): BoundsSettings {
  return {
    http: {
      maxResponseBytes: chosen.maxResponseBytes ?? DEFAULT_HTTP_SETTINGS.maxResponseBytes,
      maxRedirects: chosen.maxRedirects ?? DEFAULT_HTTP_SETTINGS.maxRedirects,
      insecure: chosen.insecure ?? DEFAULT_HTTP_SETTINGS.insecure,
    },
    maxNames: chosen.maxNames ?? DEFAULT_MAX_NAMES,
    hookTimeoutSeconds: chosen.hookTimeout ?? DEFAULT_HOOK_TIMEOUT_SECONDS,
  };
}
