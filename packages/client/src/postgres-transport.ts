import postgres from "postgres";
import { Backoff, sleep } from "./backoff.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { toEvent, type VigieEvent } from "./event.ts";
import type { Page, ReadOptions, TailItem, Transport } from "./transport.ts";

export interface PostgresTransportOptions {
  /** A postgres.js client (the caller ends it), e.g. connected as `vigie_reader`. */
  sql?: postgres.Sql | undefined;
  /** Or a connection string: the transport opens (and closes) its own small pool. */
  url?: string | undefined;
  /** Poll interval bounds while caught up, in ms (doubling from min to max). @defaultValue 50 and 1000 */
  minPollMs?: number;
  maxPollMs?: number;
  /** A filtered page scans at most this many times `limit` rows. @defaultValue 20 */
  scanFactor?: number;
}

interface Row {
  scan_tx: string;
  scan_pos: string;
  scanned: number;
  event_id: string | null;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  payload: unknown;
  metadata: Record<string, unknown>;
  tx_id: string;
  global_position: string;
  recorded_at: Date;
}

/*
 * The gapless read (docs/consuming-sql.md): order by (tx_id, global_position) and stop below the
 * oldest running transaction. One statement, one snapshot: it scans a bounded prefix, returns
 * the matching events and, on every row, where the scan ended, so that a filtered page still
 * moves the cursor past what it skipped. No matching event in the scan: one row of nulls.
 */
const PAGE_SQL = `
with scanned as (
  select e.tx_id, e.global_position, e.event_type
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
  where $4::text[] is null or s.event_type = any($4::text[])
  order by s.tx_id, s.global_position
  limit $5
)
select x.tx_id::text as scan_tx, x.global_position::text as scan_pos, x.scanned,
  e.event_id::text, e.stream_id, e.stream_version, e.event_type, e.schema_version, e.payload, e.metadata,
  e.tx_id::text, e.global_position::text, e.recorded_at
from scan_end x
left join (matched m join events e on e.tx_id = m.tx_id and e.global_position = m.global_position) on true
order by e.tx_id, e.global_position`;

/** Reads the events table directly; needs only SELECT on it (the `vigie_reader` role). */
export class PostgresTransport implements Transport {
  readonly #sql: postgres.Sql;
  readonly #owned: boolean;
  readonly #minPoll: number;
  readonly #maxPoll: number;
  readonly #scanFactor: number;

  constructor(options: PostgresTransportOptions) {
    if (options.sql) {
      this.#sql = options.sql;
      this.#owned = false;
    } else if (options.url) {
      this.#sql = postgres(options.url, { max: 2, onnotice: () => {}, connection: { application_name: "vigie-client" } });
      this.#owned = true;
    } else throw new TypeError("PostgresTransport needs `sql` or `url`");
    this.#minPoll = options.minPollMs ?? 50;
    this.#maxPoll = options.maxPollMs ?? 1000;
    this.#scanFactor = options.scanFactor ?? 20;
  }

  async readPage(after: string, options: ReadOptions & { limit: number }): Promise<Page> {
    const from = decodeCursor(after);
    const types = options.types && options.types.length > 0 ? [...options.types] : null;
    const scanLimit = types ? options.limit * this.#scanFactor : options.limit;
    const rows = await this.#sql.unsafe<Row[]>(PAGE_SQL, [from.txId, from.globalPosition, scanLimit, types, options.limit] as never[], { prepare: true });
    const first = rows[0];
    if (!first) return { events: [], next: after, caughtUp: true };
    const events: VigieEvent[] = [];
    for (const r of rows) {
      if (r.event_id === null) continue;
      const position = { txId: r.tx_id, globalPosition: Number(r.global_position) };
      events.push(
        toEvent({
          id: r.event_id,
          cursor: encodeCursor(position),
          type: r.event_type,
          streamId: r.stream_id,
          streamVersion: r.stream_version,
          globalPosition: position.globalPosition,
          schemaVersion: r.schema_version,
          recordedAt: r.recorded_at,
          metadata: r.metadata,
          data: r.payload,
        }),
      );
    }
    const last = events.at(-1);
    // A full page of matches may stop before the end of the scan: resume after the last match.
    if (last && events.length === options.limit) return { events, next: last.cursor, caughtUp: false };
    const next = encodeCursor({ txId: first.scan_tx, globalPosition: Number(first.scan_pos) });
    return { events, next, caughtUp: first.scanned < scanLimit };
  }

  async *tail(after: string, options: ReadOptions): AsyncIterable<TailItem> {
    let cursor = after;
    const idle = new Backoff({ initialMs: this.#minPoll, maxMs: this.#maxPoll });
    const failing = new Backoff({ initialMs: 250, maxMs: 30_000 });
    while (!options.signal?.aborted) {
      let page: Page;
      try {
        page = await this.readPage(cursor, { ...options, limit: 500 });
        failing.reset();
      } catch (err) {
        // A lost connection or a restarting server: postgres.js reconnects on the next query.
        if (!isTransient(err)) throw err;
        await sleep(failing.next(), options.signal);
        continue;
      }
      for (const event of page.events) yield { kind: "event", event };
      if (page.next !== cursor) {
        cursor = page.next;
        if (page.events.at(-1)?.cursor !== cursor) yield { kind: "cursor", cursor };
      }
      if (page.events.length > 0 || !page.caughtUp) idle.reset();
      if (page.caughtUp) await sleep(idle.next(), options.signal);
    }
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#sql.end({ timeout: 5 });
  }
}

/** Connection-level failures are retried; SQL errors (permissions, a missing table) are not. */
function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string") return true;
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "CONNECTION_CLOSED" || code === "CONNECTION_ENDED" || code === "CONNECT_TIMEOUT" || code === "ECONNREFUSED" || code === "ECONNRESET";
}
