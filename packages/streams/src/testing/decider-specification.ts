import type { EventData, EventType } from "@vigie/contracts";
import { expect } from "vitest";
import type { Decider } from "../decider.ts";
import type { PendingEvent, TypedEvent } from "../typed-event.ts";

/** An event of the history, as a test writes it: type and data. */
export type GivenEvent<T extends EventType> = { [K in T]: { type: K; data: EventData<K> } }[T];

/** An expected event: its type, and the parts of its data and metadata that matter to the test. */
export type ExpectedEvent<T extends EventType> = {
  [K in T]: { type: K; eventId?: string; data?: Partial<EventData<K>>; metadata?: Partial<PendingEvent<K>["metadata"]> };
}[T];

interface Then<T extends EventType> {
  /** The command produces exactly these events, in order; each given field must match. */
  then(expected: ExpectedEvent<T>[]): void;
  thenNothingHappened(): void;
  thenThrows(errorClass: abstract new (...args: never[]) => Error): void;
}

/**
 * Given/when/then over events, no database: `spec.given([...history]).when(command).then([...])`.
 * The history gets stream versions 1..n and fixed ids and times so decisions are reproducible.
 */
export function deciderSpecification<State, Command, T extends EventType>(decider: Decider<State, Command, T>) {
  return {
    given(history: GivenEvent<T>[]) {
      return {
        when(command: Command): Then<T> {
          const run = () => {
            let state = decider.initialState();
            history.forEach((event, i) => {
              const stored = {
                ...event,
                eventId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
                streamVersion: i + 1,
                recordedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
              };
              state = decider.evolve(state, stored as TypedEvent<T>);
            });
            return decider.decide(command, state);
          };
          return {
            then: (expected) => {
              const events = run();
              expect(events).toHaveLength(expected.length);
              expected.forEach((want, i) => expect(events[i]).toMatchObject(want));
            },
            thenNothingHappened: () => expect(run()).toEqual([]),
            thenThrows: (errorClass) => expect(run).toThrow(errorClass),
          };
        },
      };
    },
  };
}
