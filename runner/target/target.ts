/**
 * The run's target: `--host` or the profile's host, else the user classes' static
 * `host`, else the embedded service started for this run. A named host is checked before
 * any user starts (exit code 3 when it does not answer).
 */
import type { DiscoveredUser } from '../discovery/discover.ts';
import { type EmbeddedService, startEmbeddedService } from './embedded-service.ts';
import { assertReachable } from './reachability.ts';

export interface Target {
  host: string;
  /** Set when the run started the embedded service (stop it at the end). */
  service?: EmbeddedService;
}

export interface ResolveTargetOptions {
  /** Called just before the embedded service starts (it can take seconds): say so at once. */
  onServiceStarting?(): void;
  /** Aborted when the run is interrupted: an embedded service still starting is stopped. */
  signal?: AbortSignal;
}

/**
 * @example const target = await resolveTarget(config.host, selected.users);
 */
export async function resolveTarget(
  host: string | undefined,
  users: readonly DiscoveredUser[],
  options: ResolveTargetOptions = {},
): Promise<Target> {
  const named = host || users.find((user) => user.host)?.host;
  if (named) {
    const trimmed = named.replace(/\/+$/, '');
    await assertReachable(trimmed);
    return { host: trimmed };
  }
  options.onServiceStarting?.();
  const service = await startEmbeddedService(options.signal ? { signal: options.signal } : {});
  return { host: service.url, service };
}
