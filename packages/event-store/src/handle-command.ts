import type { EventStore } from "./event-store.ts";
import { WrongExpectedVersionError } from "./errors/wrong-expected-version-error.ts";
import type { AppendResult, NewEvent, RecordedEvent } from "./types.ts";

export interface HandleCommandOptions<State = unknown> {
  /** Times the command is decided again after a concurrent writer moved the stream. @defaultValue 3 */
  retries?: number;
  /** A state the caller folded already: used for the first decision instead of reading the stream again. */
  state?: State;
}

export interface CommandResult<State> {
  /** The state the decision was made in. */
  state: State;
  /** What the decision appended (empty: nothing to do). */
  events: NewEvent[];
  result?: AppendResult;
}

const PAGE = 10_000;

/** Folds a whole stream, however long, read in pages of versions. */
export async function aggregateStream<State>(store: EventStore, streamId: string, fold: (events: RecordedEvent[]) => State): Promise<State> {
  const events: RecordedEvent[] = [];
  for (let from = 1; ; ) {
    const page = await store.readStream(streamId, { fromVersion: from, limit: PAGE });
    events.push(...page);
    const last = page.at(-1);
    if (page.length < PAGE || !last) return fold(events);
    from = last.streamVersion + 1;
  }
}

/**
 * Load, decide, append: folds the stream, asks the pure `decide` for events and appends them
 * with the folded version as the expected version. When another writer got there first, the
 * stream is folded again and the command decided anew (it may now decide nothing).
 */
export async function handleCommand<State extends { version: number }>(
  store: EventStore,
  streamId: string,
  fold: (events: RecordedEvent[]) => State,
  decide: (state: State) => NewEvent[],
  options: HandleCommandOptions<State> = {},
): Promise<CommandResult<State>> {
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const state = attempt === 0 && options.state !== undefined ? options.state : await aggregateStream(store, streamId, fold);
    const events = decide(state);
    if (events.length === 0) return { state, events };
    try {
      const result = await store.appendToStream(streamId, events, { expectedVersion: state.version });
      return { state, events, result };
    } catch (err) {
      if (!(err instanceof WrongExpectedVersionError) || attempt >= retries) throw err;
    }
  }
}
