import type { EventMetadata } from "@vigie/contracts";

/**
 * A commit-safe position in the log. Events are ordered by `(txId, globalPosition)`; see
 * docs/event-store.md for why `globalPosition` alone is not a safe cursor.
 */
export interface Position {
  /** Postgres xid8 of the appending transaction, as a decimal string. */
  txId: string;
  globalPosition: number;
}

/** Before the first event. */
export const START: Position = Object.freeze({ txId: "0", globalPosition: 0 });

/** `'any'`: no check; `'no_stream'`: the stream must not exist; a number: the stream's current version. */
export type ExpectedVersion = "any" | "no_stream" | number;

export interface NewEvent {
  /** Idempotency key; derive it deterministically (see `deterministicEventId` in `@vigie/streams`). */
  eventId: string;
  type: string;
  /** @defaultValue the latest version of `type` */
  schemaVersion?: number;
  data: unknown;
  metadata?: EventMetadata;
}

export interface NewStreamEvent extends NewEvent {
  streamId: string;
}

export interface RecordedEvent<T = unknown> {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  /** The version of `data` after upcasting (the latest). */
  schemaVersion: number;
  /** The version the row was stored with. */
  storedSchemaVersion: number;
  data: T;
  metadata: EventMetadata;
  txId: string;
  globalPosition: number;
  recordedAt: Date;
}

export interface AppendedEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  txId: string;
  /** true when the event already existed (an idempotent retry): positions are the original ones. */
  existed: boolean;
}

export interface AppendResult {
  events: AppendedEvent[];
  /** Version of each stream written to, after the append. */
  streamVersions: Record<string, number>;
}
