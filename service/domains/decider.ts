import type { JsonObject } from '../eventstore/types.ts';

/** A domain event as deciders produce and evolve it. */
export interface DomainEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  type: Type;
  data: Data;
}

/**
 * An aggregate as three pure functions (the decider pattern): the state before any event,
 * how an event changes the state, and which events a command produces. `decide` throws a
 * BusinessRuleError (never retried) when the command is not allowed in this state.
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}
