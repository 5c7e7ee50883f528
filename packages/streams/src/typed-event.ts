import type { EventData, EventMetadata, EventType } from "@vigie/contracts";

/** What evolve needs of a recorded event; the event store's `RecordedEvent` has this shape. */
export interface StoredEvent {
  eventId: string;
  type: string;
  data: unknown;
  streamVersion: number;
  recordedAt: Date;
  metadata?: EventMetadata;
}

/** A stored event whose `data` is typed by its `type`: `switch (e.type)` narrows it. */
export type TypedEvent<T extends EventType> = {
  [K in T]: Omit<StoredEvent, "type" | "data"> & { type: K; data: EventData<K> };
}[T];

/** An event a decision produced, ready for `appendToStream` (the id is deterministic). */
export type PendingEvent<T extends EventType = EventType> = {
  [K in T]: { eventId: string; type: K; data: EventData<K>; metadata: EventMetadata };
}[T];

/**
 * Narrows a stored event to one stream's union. Payloads were validated against their schema on
 * append and are upcast to the latest version on read, so the type tag is all that is left to
 * check: this is the one place where stored data meets the typed unions.
 */
export function narrowEvent<T extends EventType>(types: ReadonlySet<string>, event: StoredEvent): TypedEvent<T> | undefined {
  return types.has(event.type) ? (event as TypedEvent<T>) : undefined;
}
