import { describe, expect, it } from 'vitest';
import { resolveServiceSettings } from './embedded-service-settings.ts';

describe('resolveServiceSettings', () => {
  it('defaults to one in-memory PGlite process, no reset', () => {
    expect(resolveServiceSettings({ name: 'smoke' }, {})).toEqual({
      service: { workers: 1 },
      resetTarget: false,
    });
  });

  it('takes the schema from the URL, flags over the profile', () => {
    const profile = {
      name: 'stress',
      service: { database: 'postgres://db/one', workers: 4 },
      reset_target: true,
    };
    expect(resolveServiceSettings(profile, {})).toEqual({
      service: { databaseUrl: 'postgres://db/one', workers: 4 },
      resetTarget: true,
    });
    expect(
      resolveServiceSettings(profile, {
        serviceDatabase: 'postgres://db/two?schema=load&sslmode=disable',
        serviceWorkers: '2',
      }),
    ).toEqual({
      service: { databaseUrl: 'postgres://db/two?sslmode=disable', databaseSchema: 'load', workers: 2 },
      resetTarget: true,
    });
  });

  it('names each bad value in one line', () => {
    expect(() =>
      resolveServiceSettings({ name: 'p' }, { serviceDatabase: 'mysql://x', serviceWorkers: 'many' }),
    ).toThrow(
      [
        '--service-database: must be a postgres:// or postgresql:// URL, got "mysql://x"',
        '--service-workers: must be a whole number from 1 to 64, got "many"',
      ].join('\n'),
    );
    expect(() => resolveServiceSettings({ name: 'p', service: { workers: 3 } }, {})).toThrow(
      'profile p: service.workers: 3 workers need PostgreSQL (PGlite lives in one process): add --service-database postgres://…',
    );
  });
});
