import { isEventType, latestVersion, upcast } from "@vigie/contracts";
import type { Queryable } from "@vigie/db";
import type { Position } from "@vigie/event-store";

/**
 * An event as the API sends it: payload and metadata stay the JSON text Postgres returned, so a
 * page is assembled without parsing and re-serialising every payload. Only payloads stored at an
 * older schema version are parsed, upcast and serialised again.
 */
export interface PageEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  /** Latest version of the type (after upcasting). */
  schemaVersion: number;
  txId: string;
  globalPosition: number;
  recordedAt: Date;
  metadataJson: string;
  dataJson: string;
}

interface EventRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  payload: string;
  metadata: string;
  tx_id: string;
  global_position: string;
  recorded_at: Date;
}

function toPageEvent(row: EventRow): PageEvent {
  let schemaVersion = row.schema_version;
  let dataJson = row.payload;
  if (isEventType(row.event_type) && row.schema_version < latestVersion(row.event_type)) {
    const latest = upcast(row.event_type, row.schema_version, JSON.parse(row.payload));
    schemaVersion = latest.version;
    dataJson = JSON.stringify(latest.data);
  }
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.event_type,
    schemaVersion,
    txId: row.tx_id,
    globalPosition: Number(row.global_position),
    recordedAt: row.recorded_at,
    metadataJson: row.metadata,
    dataJson,
  };
}

export interface EventFilter {
  /** Keep only these event types. Empty or undefined: every type. */
  types?: readonly string[] | undefined;
  /** Keep only this stream. */
  stream?: string | undefined;
}

export interface EventsPage {
  events: PageEvent[];
  /** Where the next page starts: past the last event returned, or past every event scanned and skipped. */
  next: Position;
  /** The page ended at the committed, gapless head of the log. */
  caughtUp: boolean;
}

const COLUMNS = `e.event_id::text, e.stream_id, e.stream_version, e.event_type, e.schema_version, e.payload::text as payload, e.metadata::text as metadata,
  e.tx_id::text, e.global_position::text, e.recorded_at`;

// The gapless read of packages/event-store (see docs/event-store.md), unfiltered.
const PAGE_SQL = `
select ${COLUMNS}
from events e
where (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
  and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
order by e.tx_id, e.global_position
limit $3`;

/*
 * Filtered read in one statement (one snapshot): scan at most $3 rows of the gapless prefix, keep
 * the first $6 that match, and report the last scanned position so the cursor moves past the
 * skipped rows. Bounding the scan keeps a request for a rare type from walking the whole log.
 */
const FILTERED_SQL = `
with scanned as materialized (
  select e.tx_id, e.global_position, e.event_type, e.stream_id
  from events e
  where (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
    and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
  order by e.tx_id, e.global_position
  limit $3
), matched as (
  select s.tx_id, s.global_position from scanned s
  where ($4::text[] is null or s.event_type = any($4::text[]))
    and ($5::text is null or s.stream_id = $5::text)
  order by s.tx_id, s.global_position
  limit $6
), last_scanned as (
  select s.tx_id, s.global_position from scanned s order by s.tx_id desc, s.global_position desc limit 1
)
select
  (select count(*)::int from scanned) as scanned,
  (select tx_id::text from last_scanned) as last_tx,
  (select global_position::text from last_scanned) as last_position,
  coalesce((
    select json_agg(json_build_object(
      'event_id', e.event_id, 'stream_id', e.stream_id, 'stream_version', e.stream_version, 'event_type', e.event_type,
      'schema_version', e.schema_version, 'payload', e.payload::text, 'metadata', e.metadata::text, 'tx_id', e.tx_id::text,
      'global_position', e.global_position::text, 'recorded_at', e.recorded_at) order by e.tx_id, e.global_position)
    from events e join matched m on m.tx_id = e.tx_id and m.global_position = e.global_position
  ), '[]'::json) as rows`;

interface FilteredRow {
  scanned: number;
  last_tx: string | null;
  last_position: string | null;
  rows: (Omit<EventRow, "recorded_at"> & { recorded_at: string })[];
}

/**
 * One page of the log in commit-safe order from `after`.
 * @param scanLimit rows examined at most when filtering. @defaultValue 20 × limit
 */
export async function readEventsPage(
  sql: Queryable,
  after: Position,
  filter: EventFilter,
  options: { limit: number; scanLimit?: number },
): Promise<EventsPage> {
  const types = filter.types && filter.types.length > 0 ? filter.types : undefined;
  if (!types && filter.stream === undefined) {
    const rows = await sql.unsafe<EventRow[]>(PAGE_SQL, [after.txId, after.globalPosition, options.limit], { prepare: true });
    const last = rows.at(-1);
    return {
      events: rows.map(toPageEvent),
      next: last ? { txId: last.tx_id, globalPosition: Number(last.global_position) } : after,
      caughtUp: rows.length < options.limit,
    };
  }
  const scanLimit = Math.max(options.scanLimit ?? options.limit * 20, options.limit);
  const [result] = await sql.unsafe<FilteredRow[]>(
    FILTERED_SQL,
    [after.txId, after.globalPosition, scanLimit, types ? [...types] : null, filter.stream ?? null, options.limit],
    { prepare: true },
  );
  if (!result) throw new Error("filtered page query returned no row");
  const events = result.rows.map((r) =>
    toPageEvent({ ...r, recorded_at: new Date(r.recorded_at) }),
  );
  const lastEvent = events.at(-1);
  if (events.length === options.limit && lastEvent) {
    return { events, next: { txId: lastEvent.txId, globalPosition: lastEvent.globalPosition }, caughtUp: false };
  }
  const next = result.last_tx !== null && result.last_position !== null ? { txId: result.last_tx, globalPosition: Number(result.last_position) } : after;
  return { events, next, caughtUp: result.scanned < scanLimit };
}
