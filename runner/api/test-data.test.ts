import { describe, expect, expectTypeOf, it } from 'vitest';
import type { TestContext } from './hooks.ts';
import { Journey } from './journey.ts';
import { User, type UserContext } from './user.ts';

interface Sale {
  itemIds: string[];
}

class Stampede extends Journey<User, Sale> {
  static async testStart(_context: TestContext): Promise<Sale> {
    return { itemIds: ['a'] };
  }
  steps = [];
}

class Untyped extends Journey {
  steps = [];
}

const context = (testData: Record<string, unknown>): UserContext => ({
  client: undefined as unknown as UserContext['client'],
  host: '',
  id: 0,
  seed: 1,
  testData,
});

describe("a journey's test data", () => {
  it('is what its class’s testStart returned, typed by the class', () => {
    const user = new User(context({ Stampede: { itemIds: ['i-1', 'i-2'] } }));
    const journey = new Stampede(user);
    expect(journey.testData.itemIds).toEqual(['i-1', 'i-2']);
    expectTypeOf(journey.testData).toEqualTypeOf<Sale>();
    expectTypeOf(new Untyped(user).testData).toBeUnknown();
  });

  it('testDataOf(Class) takes its type from the class’s static testStart', () => {
    const user = new User(context({ Stampede: { itemIds: ['i-3'] } }));
    const sale = user.testDataOf(Stampede);
    expectTypeOf(sale).toEqualTypeOf<Sale>();
    expect(sale.itemIds).toEqual(['i-3']);
    expectTypeOf(user.testDataOf(Untyped)).toBeUnknown();
  });
});
