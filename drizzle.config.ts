import { defineConfig } from 'drizzle-kit';

/** `npx drizzle-kit generate` turns service/eventstore/schema.ts into the committed SQL migrations. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './service/eventstore/schema.ts',
  out: './service/eventstore/migrations',
});
