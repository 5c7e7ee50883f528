import type { Queryable } from "@vigie/db";
import { upcast } from "@vigie/contracts";
import type { EventMetadata } from "@vigie/contracts";
import type { Position, RecordedEvent } from "./types.ts";

export interface EventRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  payload: unknown;
  metadata: EventMetadata;
  tx_id: string;
  global_position: string;
  recorded_at: Date;
}

export const EVENT_COLUMNS = `event_id::text, stream_id, stream_version, event_type, schema_version, payload, metadata,
  tx_id::text, global_position::text, recorded_at`;

/*
 * Gapless read. An identity value is taken at insert but becomes visible at commit, so a reader
 * of `global_position > last` can pass a position whose transaction commits later and never see
 * it. Ordering by (tx_id, global_position) and stopping below the oldest transaction still running
 * (the snapshot's xmin) returns only a prefix of the log that can no longer grow in the middle.
 */
const READ_ALL_SQL = `
select ${EVENT_COLUMNS}
from events e
where (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
  and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
order by e.tx_id, e.global_position -- qualified: the select list casts both to text
limit $3`;

export interface ReadAllPage {
  events: RecordedEvent[];
  /** Position after the last event scanned (also past the events a type filter skipped). */
  next: Position;
  /** Fewer rows than asked: the reader has caught up with the committed, safe prefix. */
  caughtUp: boolean;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  const latest = upcast(row.event_type, row.schema_version, row.payload);
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.event_type,
    schemaVersion: latest.version,
    storedSchemaVersion: row.schema_version,
    data: latest.data,
    metadata: row.metadata,
    txId: row.tx_id,
    globalPosition: Number(row.global_position),
    recordedAt: row.recorded_at,
  };
}

export async function readAll(
  sql: Queryable,
  after: Position,
  options: { limit: number; types?: readonly string[] | undefined },
): Promise<ReadAllPage> {
  const rows = await sql.unsafe<EventRow[]>(READ_ALL_SQL, [after.txId, after.globalPosition, options.limit], { prepare: true });
  const last = rows.at(-1);
  const next = last ? { txId: last.tx_id, globalPosition: Number(last.global_position) } : after;
  const types = options.types && options.types.length > 0 ? new Set(options.types) : undefined;
  const kept = types ? rows.filter((r) => types.has(r.event_type)) : rows;
  return { events: kept.map(toRecordedEvent), next, caughtUp: rows.length < options.limit };
}

/** The naive reader, kept only so the gapless test can show what it loses. Do not use. */
export async function readAllByGlobalPositionUnsafe(sql: Queryable, afterGlobalPosition: number, limit: number): Promise<RecordedEvent[]> {
  const rows = await sql.unsafe<EventRow[]>(
    `select ${EVENT_COLUMNS} from events e where e.global_position > $1 order by e.global_position limit $2`,
    [afterGlobalPosition, limit],
  );
  return rows.map(toRecordedEvent);
}
