/**
 * The run's target: `--host` or the profile's host, else the user classes' static
 * `host`, else the embedded service started for this run. A named host is checked before
 * any user starts (exit code 3 when it does not answer).
 */
import type { DiscoveredUser } from '../load/discover.ts';
import { type EmbeddedService, startEmbeddedService } from './embedded-service.ts';
import { assertReachable } from './reachability.ts';

export interface Target {
  host: string;
  /** Set when the run started the embedded service (stop it at the end). */
  service?: EmbeddedService;
}

/**
 * @example const target = await resolveTarget(config.host, selected.users);
 */
export async function resolveTarget(
  host: string | undefined,
  users: readonly DiscoveredUser[],
): Promise<Target> {
  const named = host || users.find((user) => user.host)?.host;
  if (named) {
    const trimmed = named.replace(/\/+$/, '');
    await assertReachable(trimmed);
    return { host: trimmed };
  }
  const service = await startEmbeddedService();
  return { host: service.url, service };
}
