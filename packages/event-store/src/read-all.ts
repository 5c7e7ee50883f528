import type { Queryable } from "@vigie/db";
import { EVENT_COLUMNS, toJsonEvent, toRecordedEvent, type EventRow, type JsonEvent } from "./event-row.ts";
import type { Position, RecordedEvent } from "./types.ts";

/*
 * Gapless read. An identity value is taken at insert but becomes visible at commit, so a reader
 * of `global_position > last` can pass a position whose transaction commits later and never see
 * it. Ordering by (tx_id, global_position) and stopping below the oldest transaction still running
 * (the snapshot's xmin) returns only a prefix of the log that can no longer grow in the middle.
 * This file holds the only statements that page through the log: every consumer (API, SDK, CLI,
 * dispatcher, projections) reads through `readAll` or `readAllJson`.
 */
const PAGE_SQL = `
select ${EVENT_COLUMNS}
from events e
where (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
  and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
order by e.tx_id, e.global_position
limit $3`;

/*
 * Filtered page in one statement (one snapshot): scan at most $3 rows of the gapless prefix, keep
 * the first $6 that match, and return on every row where the scan ended, so that the cursor moves
 * past the skipped rows. Bounding the scan keeps a request for a rare type from walking the whole
 * log. No match in the scan: one row of nulls that still carries the scan's end.
 */
const FILTERED_SQL = `
with scanned as materialized (
  select e.tx_id, e.global_position, e.event_type, e.stream_id
  from events e
  where (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
    and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
  order by e.tx_id, e.global_position
  limit $3
), scan_end as (
  select s.tx_id, s.global_position, (select count(*) from scanned)::int as scanned
  from scanned s order by s.tx_id desc, s.global_position desc limit 1
), matched as (
  select s.tx_id, s.global_position from scanned s
  where ($4::text[] is null or s.event_type = any($4::text[]))
    and ($5::text is null or s.stream_id = $5::text)
  order by s.tx_id, s.global_position
  limit $6
)
select x.tx_id::text as scan_tx, x.global_position::text as scan_position, x.scanned, ${EVENT_COLUMNS}
from scan_end x
left join (matched m join events e on e.tx_id = m.tx_id and e.global_position = m.global_position) on true
order by e.tx_id, e.global_position`;

type FilteredRow = { scan_tx: string; scan_position: string; scanned: number } & ({ event_id: string } & EventRow | { event_id: null });

export interface ReadFilter {
  /** Only these event types. Empty or undefined: every type. */
  types?: readonly string[] | undefined;
  /** Only this stream. */
  stream?: string | undefined;
}

export interface ReadAllOptions extends ReadFilter {
  limit: number;
  /** Rows examined at most by a filtered read. @defaultValue 20 × limit */
  scanLimit?: number | undefined;
}

export interface Page<E> {
  events: E[];
  /** Where the next page starts: past the last event returned, or past every event scanned and skipped. */
  next: Position;
  /** The page ended at the committed, gapless head of the log: poll again later. */
  caughtUp: boolean;
}

export type ReadAllPage = Page<RecordedEvent>;
export type JsonPage = Page<JsonEvent>;

const positionOf = (row: { tx_id: string; global_position: string }): Position => ({ txId: row.tx_id, globalPosition: Number(row.global_position) });

async function readRows(sql: Queryable, after: Position, options: ReadAllOptions): Promise<Page<EventRow>> {
  const types = options.types && options.types.length > 0 ? [...options.types] : null;
  if (!types && options.stream === undefined) {
    const rows = await sql.unsafe<EventRow[]>(PAGE_SQL, [after.txId, after.globalPosition, options.limit], { prepare: true });
    const last = rows.at(-1);
    return { events: rows, next: last ? positionOf(last) : after, caughtUp: rows.length < options.limit };
  }
  const scanLimit = Math.max(options.scanLimit ?? options.limit * 20, options.limit);
  const rows = await sql.unsafe<FilteredRow[]>(
    FILTERED_SQL,
    [after.txId, after.globalPosition, scanLimit, types, options.stream ?? null, options.limit] as never[],
    { prepare: true },
  );
  const first = rows[0];
  if (!first) return { events: [], next: after, caughtUp: true };
  const events = rows.filter((r): r is FilteredRow & EventRow => r.event_id !== null);
  const last = events.at(-1);
  // A full page of matches may stop before the end of the scan: resume after the last match.
  if (last && events.length === options.limit) return { events, next: positionOf(last), caughtUp: false };
  return { events, next: { txId: first.scan_tx, globalPosition: Number(first.scan_position) }, caughtUp: first.scanned < scanLimit };
}

/** One gapless page of the log after `after`, parsed and upcast. */
export async function readAll(sql: Queryable, after: Position, options: ReadAllOptions): Promise<ReadAllPage> {
  const page = await readRows(sql, after, options);
  return { ...page, events: page.events.map(toRecordedEvent) };
}

/** The same page with payloads and metadata left as the JSON text Postgres returned (the API embeds them as they are). */
export async function readAllJson(sql: Queryable, after: Position, options: ReadAllOptions): Promise<JsonPage> {
  const page = await readRows(sql, after, options);
  return { ...page, events: page.events.map(toJsonEvent) };
}

/** The naive reader, kept only so the gapless test can show what it loses. Do not use. */
export async function readAllByGlobalPositionUnsafe(sql: Queryable, afterGlobalPosition: number, limit: number): Promise<RecordedEvent[]> {
  const rows = await sql.unsafe<EventRow[]>(
    `select ${EVENT_COLUMNS} from events e where e.global_position > $1 order by e.global_position limit $2`,
    [afterGlobalPosition, limit],
  );
  return rows.map(toRecordedEvent);
}
