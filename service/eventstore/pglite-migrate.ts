import type { PGlite } from '@electric-sql/pglite';

/**
 * Applies the migrations to a PGlite database with drizzle's migrator, which is loaded only
 * here, when a migration runs: an in-memory store starts from the migrated dump and never
 * needs it, and loading drizzle's driver and migrator cost the service's start ~0.2 CPU-s
 * (Node reads drizzle's 178 KB `package.json` again for each of their modules).
 *
 * @example
 * await migratePGlite(client, migrationsFolder);
 */
export async function migratePGlite(client: PGlite, migrationsFolder: string): Promise<void> {
  const [{ drizzle }, { migrate }] = await Promise.all([
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  await migrate(drizzle({ client }), { migrationsFolder });
}
