import type { EventType } from "@vigie/contracts";
import type { PendingEvent, StoredEvent, TypedEvent } from "./typed-event.ts";

/**
 * A stream's behaviour as three pure functions (the decider pattern): the state before any
 * event, how an event changes it, and which events a command produces in a state.
 */
export interface Decider<State, Command, T extends EventType> {
  initialState: () => State;
  evolve: (state: State, event: TypedEvent<T>) => State;
  decide: (command: Command, state: State) => PendingEvent<T>[];
}

/** Folds stored events with a decider's `evolve`. */
export function foldWith<State, T extends EventType>(
  decider: Pick<Decider<State, unknown, T>, "initialState" | "evolve">,
  events: readonly TypedEvent<T>[] | readonly StoredEvent[],
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event as TypedEvent<T>);
  return state;
}
