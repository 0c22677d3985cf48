/**
 * The run's target: `--host` or the profile's host, else the user classes' static
 * `host`, else the embedded service started for this run (in-memory PGlite, or
 * PostgreSQL with cluster workers). A named host is checked before any user starts (exit
 * code 3 when it does not answer); with `--reset-target` it is emptied first.
 */
import { randomUUID } from 'node:crypto';
import type { EmbeddedServiceSettings } from '../config/embedded-service-settings.ts';
import type { DiscoveredUser } from '../discovery/discover.ts';
import { type EmbeddedService, startEmbeddedService } from './embedded-service.ts';
import { assertReachable } from './reachability.ts';
import { resetTarget } from './reset-target.ts';

export interface Target {
  host: string;
  /** Set when the run started the embedded service (stop it at the end). */
  service?: EmbeddedService;
}

export interface ResolveTargetOptions {
  /** Called just before the embedded service starts (it can take seconds): say so at once, naming its backend. Not called when there is none to start. */
  onServiceStarting?(env: Record<string, string>): void;
  /** Aborted when the run is interrupted: an embedded service still starting is stopped. */
  signal?: AbortSignal;
  /** How to start the embedded service; default in-memory PGlite, one process. */
  service?: EmbeddedServiceSettings;
  /** Empty the target's data before the run. */
  reset?: boolean;
  /** The admin token of a named host, for `reset`; default `JOURNEYS_ADMIN_TOKEN`. */
  adminToken?: string;
  /** Accept any TLS certificate of a named https host (`--insecure`). */
  insecure?: boolean;
}

/**
 * @example const target = await resolveTarget(config.host, selected.users, { service: config.service });
 */
export async function resolveTarget(
  host: string | undefined,
  users: readonly DiscoveredUser[],
  options: ResolveTargetOptions = {},
): Promise<Target> {
  const named = host || users.find((user) => user.host)?.host;
  if (named) {
    const trimmed = named.replace(/\/+$/, '');
    await assertReachable(trimmed, undefined, options.insecure);
    if (options.reset) await resetTarget(trimmed, options.adminToken ?? process.env.JOURNEYS_ADMIN_TOKEN);
    return { host: trimmed };
  }
  // The runner gives its own service a one-run admin token, so --reset-target needs no set-up.
  const adminToken = randomUUID();
  const env = { ...serviceEnv(options.service), ADMIN_TOKEN: adminToken };
  const service = await startEmbeddedService({
    env,
    onStarting: () => options.onServiceStarting?.(env),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    if (options.reset) await resetTarget(service.url, adminToken);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return { host: service.url, service };
}

/** The service's own environment variables for these settings (README, "The service"). */
export function serviceEnv(settings: EmbeddedServiceSettings | undefined): Record<string, string> {
  if (settings?.databaseUrl === undefined) return {};
  return {
    DATABASE_URL: settings.databaseUrl,
    ...(settings.databaseSchema ? { DATABASE_SCHEMA: settings.databaseSchema } : {}),
    ...(settings.workers > 1 ? { WORKERS: String(settings.workers) } : {}),
  };
}
