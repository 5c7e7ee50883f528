import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";

/** A read model folded from the log: its tables, the events it reads, and how it applies one. */
export interface Projection {
  name: string;
  /** Tables it owns, children first (cleared in this order by a rebuild). */
  tables: readonly string[];
  types: readonly string[];
  apply(sql: Queryable, event: RecordedEvent): Promise<void>;
}

/** Checkpoint name of a projection in `consumer_checkpoints`. */
export const checkpointName = (projection: Projection) => `projection:${projection.name}`;
