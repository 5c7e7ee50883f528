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
 * Filtered page in one statement (one snapshot): scan at most $3 rows of the gapless prefix and
 * keep the first $6 that match. `scanned` is evaluated only as far as it is read: `matched` takes
 * the CTE's rows in the order they were produced (a CTE scan keeps it; no ORDER BY, which would
 * read the whole scan) and stops at the $6-th match, so a page of a common type reads about $6
 * rows and a rare type at most $3. Only when the matches do not fill the page is the end of the
 * scan read (the one-time filter of `scan_end`): the cursor then moves past the skipped rows.
 * The statement always returns at least one row (nulls when nothing matched) to carry it.
 */
const FILTERED_SQL = `
with scanned as materialized (
  select e.tx_id, e.global_position, e.event_type, e.stream_id
  from events e
  where (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
    and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
  order by e.tx_id, e.global_position
  limit $3
), matched as materialized (
  select s.tx_id, s.global_position from scanned s
  where ($4::text[] is null or s.event_type = any($4::text[]))
    and ($5::text is null or s.stream_id = $5::text)
  limit $6
), scan_end as (
  select s.tx_id, s.global_position, (select count(*) from scanned)::int as scanned
  from scanned s
  where (select count(*) from matched) < $6
  order by s.tx_id desc, s.global_position desc
  limit 1
)
select x.tx_id::text as scan_tx, x.global_position::text as scan_position, x.scanned, m.*
from (select) one
left join scan_end x on true
left join lateral (
  select ${EVENT_COLUMNS}, e.tx_id as order_tx, e.global_position as order_position
  from matched h join events e on e.tx_id = h.tx_id and e.global_position = h.global_position
) m on true
order by m.order_tx, m.order_position`;

type FilteredRow = { scan_tx: string | null; scan_position: string | null; scanned: number | null } & (({ event_id: string } & EventRow) | { event_id: null });

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
  const events = rows.filter((r): r is FilteredRow & EventRow => r.event_id !== null);
  const last = events.at(-1);
  // A full page of matches may stop before the end of the scan: resume after the last match.
  if (last && events.length === options.limit) return { events, next: positionOf(last), caughtUp: false };
  const end = rows[0];
  if (!end || end.scan_tx === null || end.scan_position === null || end.scanned === null) return { events, next: after, caughtUp: true };
  return { events, next: { txId: end.scan_tx, globalPosition: Number(end.scan_position) }, caughtUp: end.scanned < scanLimit };
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
  const rows = await sql.unsafe<EventRow[]>(`select ${EVENT_COLUMNS} from events e where e.global_position > $1 order by e.global_position limit $2`, [
    afterGlobalPosition,
    limit,
  ]);
  return rows.map(toRecordedEvent);
}
