/**
 * How the run starts the embedded service when it names no host: in-memory PGlite by
 * default, or PostgreSQL with N cluster workers (`--service-database`, `--service-workers`,
 * or the profile's `service:`), so that "PostgreSQL and 4 workers under the stress
 * profile" is one command. `reset_target` / `--reset-target` asks the target to empty its
 * data before the run.
 */
import { FlagError } from './errors.ts';
import type { Profile } from './schema.ts';

export interface EmbeddedServiceSettings {
  /** PostgreSQL URL; undefined = in-memory PGlite. A `?schema=NAME` parameter picks the schema. */
  databaseUrl?: string;
  /** PostgreSQL schema for the service's tables (from the URL's `schema` parameter); default `public`. */
  databaseSchema?: string;
  /** node:cluster workers; more than one needs PostgreSQL. Default 1. */
  workers: number;
}

export interface ServiceFlags {
  serviceDatabase?: string;
  serviceWorkers?: string | number;
  resetTarget?: boolean;
}

const DATABASE_URL = /^postgres(ql)?:\/\/\S+$/;
const MAX_WORKERS = 64;

/**
 * @example resolveServiceSettings({ name: 'stress' }, { serviceDatabase: 'postgres://127.0.0.1/test', serviceWorkers: '4' })
 * // { service: { databaseUrl: 'postgres://127.0.0.1/test', workers: 4 }, resetTarget: false }
 */
export function resolveServiceSettings(
  profile: Profile,
  flags: ServiceFlags,
): { service: EmbeddedServiceSettings; resetTarget: boolean } {
  const problems: string[] = [];
  const url = flags.serviceDatabase ?? profile.service?.database;
  const from =
    flags.serviceDatabase !== undefined ? '--service-database' : `profile ${profile.name}: service.database`;
  if (url !== undefined && !DATABASE_URL.test(url)) {
    problems.push(`${from}: must be a postgres:// or postgresql:// URL, got ${JSON.stringify(url)}`);
  }
  const workersText = flags.serviceWorkers ?? profile.service?.workers ?? 1;
  const workers = Number(workersText);
  const workersFrom =
    flags.serviceWorkers !== undefined ? '--service-workers' : `profile ${profile.name}: service.workers`;
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    problems.push(
      `${workersFrom}: must be a whole number from 1 to ${MAX_WORKERS}, got ${JSON.stringify(workersText)}`,
    );
  } else if (workers > 1 && url === undefined) {
    problems.push(
      `${workersFrom}: ${workers} workers need PostgreSQL (PGlite lives in one process): add --service-database postgres://…`,
    );
  }
  if (problems.length > 0) throw new FlagError(problems);
  return {
    service: { ...(url === undefined ? {} : splitSchema(url)), workers },
    resetTarget: flags.resetTarget ?? profile.reset_target ?? false,
  };
}

/** `postgres://host/db?schema=load` → the URL without `schema`, and the schema, as Prisma and others spell it. */
function splitSchema(url: string): Pick<EmbeddedServiceSettings, 'databaseUrl' | 'databaseSchema'> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  if (schema === null) return { databaseUrl: url };
  parsed.searchParams.delete('schema');
  return { databaseUrl: parsed.href, databaseSchema: schema };
}
