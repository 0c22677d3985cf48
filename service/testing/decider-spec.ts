import { expect } from 'vitest';
import type { Decider, DomainEvent } from '../domains/decider.ts';

/**
 * Given/When/Then for deciders (as Emmett's DeciderSpecification): past events, one
 * command, then either the events it decides or the error it throws.
 *
 * @example
 * const spec = deciderSpec(orderDecider);
 * spec.given([created]).when({ type: 'ConfirmOrder' }).thenEvents([{ type: 'OrderConfirmed', data: {} }]);
 * spec.given([]).when({ type: 'ConfirmOrder' }).thenThrows(NotFoundError);
 */
export function deciderSpec<S, C, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            /** Exact events (type and data); `[]` for an idempotent no-op. */
            thenEvents(expected: readonly E[]): E[] {
              const produced = run();
              expect(produced).toEqual(expected);
              return produced;
            },
            /** Only the event types, for when the data carries generated values. */
            thenTypes(types: readonly E['type'][]): E[] {
              const produced = run();
              expect(produced.map((e) => e.type)).toEqual(types);
              return produced;
            },
            /** The state after the decided events are evolved in. */
            thenState(check: (state: S) => void): void {
              check(run().reduce((s, e) => decider.evolve(s, e), state));
            },
            thenThrows(
              errorClass: abstract new (...args: never[]) => Error,
              message?: string | RegExp,
            ): void {
              expect(run).toThrow(errorClass);
              if (message !== undefined) expect(run).toThrow(message);
            },
          };
        },
      };
    },
  };
}
