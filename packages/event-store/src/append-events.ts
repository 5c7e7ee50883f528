import type { Queryable } from "@vigie/db";
import { APPEND_CHECKED_SQL, APPEND_ONE_SQL } from "./append-statements.ts";
import { IdempotencyConflictError } from "./errors/idempotency-conflict-error.ts";
import { WrongExpectedVersionError } from "./errors/wrong-expected-version-error.ts";
import type { AppendResult, AppendedEvent, ExpectedVersion } from "./types.ts";

export interface EncodedEvent {
  eventId: string;
  streamId: string;
  type: string;
  schemaVersion: number;
  /** The validated payload as JSON text, serialised once for the size check and the statement. */
  payload: string;
  /** The metadata as JSON text. */
  metadata: string;
}

interface CheckedRow {
  kind: "new" | "old" | "head";
  event_id: string | null;
  /** null on new rows: the caller knows their stream. */
  stream_id: string | null;
  stream_version: number;
  global_position: string | null;
  tx_id: string | null;
  same: boolean | null;
}

interface InsertedRow {
  stream_version: number;
  global_position: string;
  tx_id: string;
}

const UNIQUE_VIOLATION = "23505";
const STREAM_VERSION_CONSTRAINT = "events_stream_version_unique";

/**
 * Appends events (possibly to several streams) in one statement. With a numeric or `no_stream`
 * expected version, all events must belong to one stream.
 *
 * A single event in the common case (new id, expected version met) takes a fast statement;
 * anything else (a retried id, a stale expected version, a concurrent writer on the stream) and
 * every batch take the checked statement, which decides between an idempotent retry, a conflict
 * and a lost race. An idempotent retry never takes the path of an error, so inside a caller's
 * transaction it leaves that transaction usable (a race with a concurrent writer still aborts
 * it, as any unique violation does).
 */
export async function appendEvents(sql: Queryable, events: EncodedEvent[], expected: ExpectedVersion, options: { maxRetries: number }): Promise<AppendResult> {
  const expectedNumber = toExpectedNumber(expected);
  const [first] = events;
  if (events.length === 1 && first) {
    try {
      const result = await appendOne(sql, first, expectedNumber);
      if (result) return result;
    } catch (err) {
      // A concurrent writer took the stream version: the checked statement retries or decides
      // between a lost race and an idempotent retry.
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
    }
  }
  return appendChecked(sql, events, expected, expectedNumber, options);
}

/** The stream version an expected version requires, null for any. */
export function toExpectedNumber(expected: ExpectedVersion): number | null {
  return expected === "any" ? null : expected === "no_stream" ? 0 : expected;
}

/** The fast statement for one event; null when it wrote nothing (existing id, expected version not met). */
async function appendOne(sql: Queryable, event: EncodedEvent, expectedNumber: number | null): Promise<AppendResult | null> {
  const [row] = await sql.unsafe<InsertedRow[]>(
    APPEND_ONE_SQL,
    [event.streamId, event.eventId, event.type, event.schemaVersion, event.payload, event.metadata, expectedNumber],
    { prepare: true },
  );
  if (!row) return null;
  const appended = {
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: row.stream_version,
    globalPosition: Number(row.global_position),
    txId: String(row.tx_id),
    existed: false,
  };
  return { events: [appended], streamVersions: { [event.streamId]: row.stream_version } };
}

async function appendChecked(
  sql: Queryable,
  events: EncodedEvent[],
  expected: ExpectedVersion,
  expectedNumber: number | null,
  options: { maxRetries: number },
): Promise<AppendResult> {
  const params = [...columns(events), expectedNumber];
  for (let attempt = 0; ; attempt++) {
    let rows: CheckedRow[];
    try {
      rows = await sql.unsafe<CheckedRow[]>(APPEND_CHECKED_SQL, params, { prepare: true });
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

/** One array per column, in the order of the statements' parameters $1..$6. */
export function columns(events: EncodedEvent[]): [string[], string[], string[], number[], string[], string[]] {
  return [
    events.map((e) => e.eventId),
    events.map((e) => e.streamId),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion),
    events.map((e) => e.payload),
    events.map((e) => e.metadata),
  ];
}

function interpret(rows: CheckedRow[], events: EncodedEvent[], expected: ExpectedVersion): AppendResult {
  const streamOf = new Map(events.map((e) => [e.eventId, e.streamId]));
  const byId = new Map<string, AppendedEvent>();
  const streamVersions: Record<string, number> = {};
  for (const row of rows) {
    if (row.kind === "head") {
      if (row.stream_id !== null) streamVersions[row.stream_id] = Math.max(streamVersions[row.stream_id] ?? 0, row.stream_version);
      continue;
    }
    if (!row.event_id || row.global_position === null || row.tx_id === null) continue;
    if (row.kind === "old" && !row.same) throw new IdempotencyConflictError(row.event_id);
    const streamId = row.stream_id ?? streamOf.get(row.event_id) ?? "";
    byId.set(row.event_id, {
      eventId: row.event_id,
      streamId,
      streamVersion: row.stream_version,
      globalPosition: Number(row.global_position),
      txId: row.tx_id,
      existed: row.kind === "old",
    });
    // A stream that got new events is at its highest new version; heads come only for the others.
    streamVersions[streamId] = Math.max(streamVersions[streamId] ?? 0, row.stream_version);
  }
  const missing = events.filter((e) => !byId.has(e.eventId));
  if (missing.length > 0) {
    // Only an expected-version mismatch leaves events unwritten.
    const streamId = missing[0]?.streamId ?? "";
    throw new WrongExpectedVersionError(streamId, expected, streamVersions[streamId] ?? 0);
  }
  return { events: events.map((e) => byId.get(e.eventId) as AppendedEvent), streamVersions };
}

export async function streamVersion(sql: Queryable, streamId: string): Promise<number> {
  const [row] = await sql<{ v: number | null }[]>`select version as v from stream_heads where stream_id = ${streamId}`;
  return row?.v ?? 0;
}
