import type { Queryable } from "@vigie/db";
import { IdempotencyConflictError } from "./errors/idempotency-conflict-error.ts";
import { WrongExpectedVersionError } from "./errors/wrong-expected-version-error.ts";
import type { AppendResult, AppendedEvent, ExpectedVersion } from "./types.ts";

export interface EncodedEvent {
  eventId: string;
  streamId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: Record<string, unknown>;
}

/*
 * One statement: find events that already exist (idempotent retries), read each stream's head,
 * number the new events after it, insert them. The insert is the statement's only write, so it is
 * the first write of its transaction and its tx_id is taken at insert time.
 *
 * Why not `ON CONFLICT (event_id) DO NOTHING`: skipping one row of a batch would leave a hole in
 * the stream versions numbered for the rows after it. Existing ids are filtered out before
 * numbering instead, and a concurrent insert of the same id (or of the same stream version)
 * aborts the whole statement with a unique violation, which the caller retries.
 */
const APPEND_SQL = `
with input as (
  select * from jsonb_to_recordset($1::text::jsonb) as x(
    ord int, event_id uuid, stream_id text, event_type text, schema_version smallint, payload jsonb, metadata jsonb)
),
existing as (
  select e.event_id, e.stream_id, e.stream_version, e.global_position, e.tx_id,
         (e.stream_id = i.stream_id and e.event_type = i.event_type
          and e.schema_version = i.schema_version and e.payload = i.payload) as same
  from events e join input i on i.event_id = e.event_id
),
heads as (
  select s.stream_id,
         coalesce((select max(e.stream_version) from events e where e.stream_id = s.stream_id), 0) as version
  from (select distinct stream_id from input) s
),
fresh as (
  select i.*, (h.version + row_number() over (partition by i.stream_id order by i.ord))::int as stream_version
  from input i join heads h using (stream_id)
  where not exists (select 1 from existing x where x.event_id = i.event_id)
    and ($2::int is null or h.version = $2::int)
),
inserted as (
  insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload, metadata)
  select stream_id, stream_version, event_id, event_type, schema_version, payload, metadata from fresh order by ord
  returning event_id, stream_id, stream_version, global_position, tx_id
)
select 'new' as kind, event_id::text, stream_id, stream_version, global_position::text, tx_id::text, true as same from inserted
union all
select 'old', event_id::text, stream_id, stream_version, global_position::text, tx_id::text, same from existing
union all
select 'head', null, stream_id, version, null, null, null from heads`;

interface Row {
  kind: "new" | "old" | "head";
  event_id: string | null;
  stream_id: string;
  stream_version: number;
  global_position: string | null;
  tx_id: string | null;
  same: boolean | null;
}

const UNIQUE_VIOLATION = "23505";
const STREAM_VERSION_CONSTRAINT = "events_stream_version_unique";

/**
 * Appends events (possibly to several streams) in one statement. With a numeric or `no_stream`
 * expected version, all events must belong to one stream.
 */
export async function appendEvents(
  sql: Queryable,
  events: EncodedEvent[],
  expected: ExpectedVersion,
  options: { maxRetries: number },
): Promise<AppendResult> {
  const input = JSON.stringify(
    events.map((e, ord) => ({
      ord,
      event_id: e.eventId,
      stream_id: e.streamId,
      event_type: e.type,
      schema_version: e.schemaVersion,
      payload: e.data,
      metadata: e.metadata,
    })),
  );
  const expectedNumber = expected === "any" ? null : expected === "no_stream" ? 0 : expected;
  for (let attempt = 0; ; attempt++) {
    let rows: Row[];
    try {
      rows = await sql.unsafe<Row[]>(APPEND_SQL, [input, expectedNumber], { prepare: true });
    } catch (err) {
      const e = err as { code?: string; constraint_name?: string };
      if (e.code !== UNIQUE_VIOLATION) throw err;
      if (e.constraint_name === STREAM_VERSION_CONSTRAINT && expectedNumber !== null) {
        // Lost the optimistic-concurrency race against a writer of the same stream.
        const streamId = events[0]?.streamId ?? "";
        throw new WrongExpectedVersionError(streamId, expected, await streamVersion(sql, streamId));
      }
      if (attempt >= options.maxRetries) throw err;
      // A concurrent writer took the same stream version or inserted the same event id: retry;
      // the next attempt numbers after it, or finds the event as existing. Full jitter, doubling
      // up to 64 ms: with many writers on one hot stream only one wins each round.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(64, 2 ** attempt)));
      continue;
    }
    return interpret(rows, events, expected);
  }
}

function interpret(rows: Row[], events: EncodedEvent[], expected: ExpectedVersion): AppendResult {
  const byId = new Map<string, AppendedEvent>();
  const heads: Record<string, number> = {};
  for (const row of rows) {
    if (row.kind === "head") {
      heads[row.stream_id] = row.stream_version;
      continue;
    }
    if (!row.event_id || row.global_position === null || row.tx_id === null) continue;
    if (row.kind === "old" && !row.same) throw new IdempotencyConflictError(row.event_id);
    byId.set(row.event_id, {
      eventId: row.event_id,
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      globalPosition: Number(row.global_position),
      txId: row.tx_id,
      existed: row.kind === "old",
    });
  }
  const missing = events.filter((e) => !byId.has(e.eventId));
  if (missing.length > 0) {
    // Only an expected-version mismatch leaves events unwritten.
    const streamId = missing[0]?.streamId ?? "";
    throw new WrongExpectedVersionError(streamId, expected, heads[streamId] ?? 0);
  }
  const appended = events.map((e) => byId.get(e.eventId) as AppendedEvent);
  const streamVersions: Record<string, number> = { ...heads };
  for (const a of appended) streamVersions[a.streamId] = Math.max(streamVersions[a.streamId] ?? 0, a.streamVersion);
  return { events: appended, streamVersions };
}

export async function streamVersion(sql: Queryable, streamId: string): Promise<number> {
  const [row] = await sql<{ v: number | null }[]>`select max(stream_version) as v from events where stream_id = ${streamId}`;
  return row?.v ?? 0;
}
