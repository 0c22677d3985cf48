import { describe, expect, it } from 'vitest';
import { checkUsers } from './check-users.ts';
import { discoverUserClasses } from './discover.ts';

const LOOP_USERS = new URL('../testing/loop-users.ts', import.meta.url).pathname;
const { users } = await discoverUserClasses([LOOP_USERS]);

describe('checkUsers', () => {
  it('names the modules, every class found and the classes the run may start', () => {
    const checked = checkUsers(users, ['CountingUser', 'MixedUser'], { tags: ['race'] });
    expect(checked.modules).toEqual([LOOP_USERS]);
    expect(checked.found).toEqual(users.map((user) => user.name));
    expect(checked.runnable).toEqual(['CountingUser', 'MixedUser']);
    expect(checked.tags).toEqual(['race']);
  });

  it('refuses an unknown class, one the tags left without journeys, one without a host', () => {
    expect(() => checkUsers(users, ['Nobody'])).toThrow(
      expect.objectContaining({ code: 'USER_CLASS_UNKNOWN', message: 'unknown user class Nobody' }),
    );
    expect(() => checkUsers(users, ['SlowUser'], { tags: ['race'] })).toThrow(
      expect.objectContaining({ code: 'USER_NO_JOURNEYS', where: 'SlowUser' }),
    );
    expect(() => checkUsers(users, ['CountingUser'], { host: '' })).toThrow(
      expect.objectContaining({ code: 'HOST_MISSING', where: 'CountingUser' }),
    );
    expect(checkUsers(users, ['CountingUser'], { host: 'http://127.0.0.1:9' }).runnable).toEqual([
      'CountingUser',
    ]);
  });
});
