import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";

/** A read model folded from the log: its tables, the events it reads, and how it applies one. */
export interface Projection {
  name: string;
  /** Tables it owns, children first (cleared in this order by a rebuild). */
  tables: readonly string[];
  /** The event types it reads; empty: every type. */
  types: readonly string[];
  apply(sql: Queryable, event: RecordedEvent): Promise<void>;
  /** Applies a page of events at once (in log order), when that is cheaper than one by one. */
  applyBatch?(sql: Queryable, events: readonly RecordedEvent[]): Promise<void>;
}

/** Checkpoint name of a projection in `consumer_checkpoints`. */
export const checkpointName = (projection: Projection) => `projection:${projection.name}`;

/** Applies a page of events, in one call when the projection can. */
export async function applyEvents(sql: Queryable, projection: Projection, events: readonly RecordedEvent[]): Promise<void> {
  if (projection.applyBatch) return projection.applyBatch(sql, events);
  for (const event of events) await projection.apply(sql, event);
}
