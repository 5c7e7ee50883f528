import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";
import { narrowEvent, watchEventTypes, type WatchEvent, type WatchEventType } from "@vigie/streams";
import type { Projection } from "./projection.ts";

const WATCH_TYPES: ReadonlySet<string> = new Set(watchEventTypes);

/** The definition columns, as `WatchCreated` and `WatchUpdated` carry the whole definition. */
const definitionColumns = (data: Extract<WatchEvent, { type: "WatchCreated" | "WatchUpdated" }>["data"]) => ({
  name: data.name ?? null,
  query: data.query ?? null,
  entity_ids: data.entityIds,
  languages: data.languages,
  feed_ids: data.feedIds,
  webhook_url: data.webhookUrl ?? null,
  delivery: data.delivery,
  digest_seconds: data.digestSeconds ?? null,
});

/* The same transitions as `evolveWatch` of @vigie/streams, so a row says what a fold of the stream says. */
async function applyWatchEvent(sql: Queryable, event: WatchEvent): Promise<void> {
  const id = event.data.watchId;
  const at = event.recordedAt;
  switch (event.type) {
    case "WatchCreated": {
      const c = definitionColumns(event.data);
      await sql`
        insert into proj_watches (watch_id, owner, status, name, query, entity_ids, languages, feed_ids, webhook_url, delivery, digest_seconds,
                                  created_at, updated_at)
        values (${id}, ${event.data.owner}, 'active', ${c.name}, ${c.query}, ${c.entity_ids}::text[], ${c.languages}::text[], ${c.feed_ids}::text[],
                ${c.webhook_url}, ${c.delivery}, ${c.digest_seconds}, ${at}, ${at})
        on conflict (watch_id) do nothing`;
      return;
    }
    case "WatchUpdated": {
      const c = definitionColumns(event.data);
      await sql`
        update proj_watches set name = ${c.name}, query = ${c.query}, entity_ids = ${c.entity_ids}::text[], languages = ${c.languages}::text[],
          feed_ids = ${c.feed_ids}::text[], webhook_url = ${c.webhook_url}, delivery = ${c.delivery}, digest_seconds = ${c.digest_seconds},
          secret_version = coalesce(${event.data.secretVersion ?? null}::int, secret_version), updated_at = ${at}
        where watch_id = ${id}`;
      return;
    }
    case "WatchDeleted":
      await sql`update proj_watches set status = 'deleted', updated_at = ${at} where watch_id = ${id}`;
      return;
    case "AlertDelivered":
      await sql`
        update proj_watches set consecutive_failures = 0, last_error = null, delivered = delivered + 1, last_delivered_at = ${at}
        where watch_id = ${id}`;
      return;
    case "AlertDeliveryFailed":
      await sql`
        update proj_watches set consecutive_failures = ${event.data.consecutiveFailures}, last_error = ${event.data.reason},
          failed_attempts = failed_attempts + 1, last_failed_at = ${at}
        where watch_id = ${id}`;
      return;
    case "WatchDeliveryDisabled":
      await sql`update proj_watches set delivery_enabled = false where watch_id = ${id}`;
      return;
    case "WatchDeliveryEnabled":
      await sql`update proj_watches set delivery_enabled = true, consecutive_failures = 0 where watch_id = ${id}`;
      return;
  }
}

/**
 * Applies a page: the watches' own events one by one in log order, then one update per watch
 * for its matches of the page. Matches touch only the match columns and a watch's
 * `WatchCreated` precedes its matches in the log, so the two orders give the same rows.
 */
async function applyBatch(sql: Queryable, events: readonly RecordedEvent[]): Promise<void> {
  const matches = new Map<string, { n: number; last: Date }>();
  for (const recorded of events) {
    if (recorded.type === "WatchMatched") {
      const watchId = (recorded.data as { watchId: string }).watchId;
      const m = matches.get(watchId) ?? { n: 0, last: recorded.recordedAt };
      m.n++;
      if (recorded.recordedAt > m.last) m.last = recorded.recordedAt;
      matches.set(watchId, m);
      continue;
    }
    const event = narrowEvent<WatchEventType>(WATCH_TYPES, recorded);
    if (event) await applyWatchEvent(sql, event);
  }
  if (matches.size === 0) return;
  const rows = [...matches];
  await sql`
    update proj_watches w set matches = w.matches + m.n, last_matched_at = greatest(w.last_matched_at, m.last)
    from unnest(${rows.map(([id]) => id)}::text[], ${rows.map(([, m]) => m.n)}::bigint[], ${rows.map(([, m]) => m.last.toISOString())}::timestamptz[])
      as m(watch_id, n, last)
    where w.watch_id = m.watch_id`;
}

/** One row per watch with its definition, delivery health and counters: `proj_watches`. */
export const watchesProjection: Projection = {
  name: "watches",
  tables: ["proj_watches"],
  types: [...watchEventTypes, "WatchMatched"],
  apply: (sql, event) => applyBatch(sql, [event]),
  applyBatch,
};
