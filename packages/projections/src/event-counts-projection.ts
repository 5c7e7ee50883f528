import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";
import type { Projection } from "./projection.ts";

/** How long per-minute counts are kept: the funnel's longest window (a day) and a margin. */
export const EVENT_MINUTES_KEPT_SECONDS = 2 * 86_400;

/** `data.reason` of an event ('' when it has none). */
function reasonOf(event: RecordedEvent): string {
  const reason = (event.data as { reason?: unknown } | null)?.reason;
  return typeof reason === "string" ? reason : "";
}

const minuteOf = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/**
 * Adds a batch of events to the counters: one upsert per table for the whole batch (the counts
 * are summed in memory first), then drops per-minute rows older than two days of the batch's
 * newest event. Every step depends on the events alone, so a rebuild gives the same rows.
 */
async function applyBatch(sql: Queryable, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const totals = new Map<string, { type: string; reason: string; n: number }>();
  const minutes = new Map<string, { type: string; minute: Date; n: number }>();
  let newest = 0;
  for (const event of events) {
    const reason = reasonOf(event);
    const t = totals.get(`${event.type}\u0000${reason}`) ?? { type: event.type, reason, n: 0 };
    t.n++;
    totals.set(`${event.type}\u0000${reason}`, t);
    const minute = minuteOf(event.recordedAt);
    const m = minutes.get(`${event.type}\u0000${minute.getTime()}`) ?? { type: event.type, minute, n: 0 };
    m.n++;
    minutes.set(`${event.type}\u0000${minute.getTime()}`, m);
    newest = Math.max(newest, event.recordedAt.getTime());
  }
  const t = [...totals.values()];
  await sql`
    insert into proj_event_totals (event_type, reason, n)
    select * from unnest(${t.map((r) => r.type)}::text[], ${t.map((r) => r.reason)}::text[], ${t.map((r) => r.n)}::bigint[])
    on conflict (event_type, reason) do update set n = proj_event_totals.n + excluded.n`;
  const m = [...minutes.values()];
  const horizon = new Date(newest - EVENT_MINUTES_KEPT_SECONDS * 1000);
  const kept = m.filter((r) => r.minute >= horizon);
  if (kept.length > 0) {
    await sql`
      insert into proj_event_minutes (event_type, minute, n)
      select * from unnest(${kept.map((r) => r.type)}::text[], ${kept.map((r) => r.minute.toISOString())}::timestamptz[], ${kept.map((r) => r.n)}::bigint[])
      on conflict (event_type, minute) do update set n = proj_event_minutes.n + excluded.n`;
  }
  await sql`delete from proj_event_minutes where minute < ${horizon}`;
}

/**
 * Counters of the whole log: events by type and reason (`proj_event_totals`) and by type and
 * minute for the last two days (`proj_event_minutes`). What `/metrics`, the dashboard's funnel
 * and `vigie status` read instead of counting `events`.
 */
export const eventCountsProjection: Projection = {
  name: "event-counts",
  tables: ["proj_event_minutes", "proj_event_totals"],
  // Every type.
  types: [],
  apply: (sql, event) => applyBatch(sql, [event]),
  applyBatch,
};
