import type { EventStoreObserver } from './options.ts';
import { getPGliteEventStore } from './pglite.ts';
import { getPostgresEventStore } from './postgres.ts';
import type { EventStore, InlineProjection } from './types.ts';

/**
 * The store the environment asks for: PostgreSQL when DATABASE_URL is set (DATABASE_SCHEMA,
 * DATABASE_POOL_MAX optional), else PGlite at DATA_DIR (default `.data/`; `memory://` = in-memory).
 *
 * @example
 * const store = await getEventStoreFromEnv(process.env, [...orderingProjections], { observer });
 */
export async function getEventStoreFromEnv(
  env: Record<string, string | undefined> = process.env,
  projections: readonly InlineProjection[] = [],
  options: { observer?: EventStoreObserver } = {},
): Promise<EventStore> {
  if (env.DATABASE_URL) {
    return getPostgresEventStore({
      url: env.DATABASE_URL,
      schema: env.DATABASE_SCHEMA || undefined,
      max: env.DATABASE_POOL_MAX ? Number(env.DATABASE_POOL_MAX) : undefined,
      projections,
      observer: options.observer,
    });
  }
  return getPGliteEventStore({ dataDir: env.DATA_DIR || '.data/', projections, observer: options.observer });
}
