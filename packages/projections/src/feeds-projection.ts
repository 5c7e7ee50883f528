import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";
import { feedChange, feedEventTypes, narrowEvent, type FeedEventType } from "@vigie/streams";
import type { Projection } from "./projection.ts";

const FEED_TYPES: ReadonlySet<string> = new Set(feedEventTypes);

/* The row takes the same patch as the feed's state (`feedChange` of @vigie/streams): one fold. */
async function apply(sql: Queryable, recorded: RecordedEvent): Promise<void> {
  const event = narrowEvent<FeedEventType>(FEED_TYPES, recorded);
  if (!event) return;
  const id = event.data.feedId;
  const at = event.recordedAt;
  const c = feedChange(event);
  if (event.type === "FeedRegistered") {
    await sql`
      insert into proj_feeds (feed_id, url, title, status, updated_at)
      values (${id}, ${c.url ?? ""}, ${c.title ?? null}, 'active', ${at})
      on conflict (feed_id) do update set url = excluded.url, title = coalesce(excluded.title, proj_feeds.title), status = 'active',
        consecutive_failures = 0, last_error = null, updated_at = excluded.updated_at`;
    return;
  }
  await sql`
    update proj_feeds set
      url = coalesce(${c.url ?? null}, url),
      title = ${c.title === undefined ? sql`title` : c.title},
      feed_title = ${c.details === undefined ? sql`feed_title` : (c.details.title ?? null)},
      site_url = ${c.details === undefined ? sql`site_url` : (c.details.siteUrl ?? null)},
      language = ${c.details === undefined ? sql`language` : (c.details.language ?? null)},
      description = ${c.details === undefined ? sql`description` : (c.details.description ?? null)},
      categories = ${c.categories === undefined ? sql`categories` : sql`${sql.array(c.categories)}::text[]`},
      pinned_interval_seconds = ${c.pinnedIntervalSeconds === undefined ? sql`pinned_interval_seconds` : c.pinnedIntervalSeconds},
      status = coalesce(${c.status ?? null}, status),
      consecutive_failures = coalesce(${c.consecutiveFailures ?? null}::int, consecutive_failures),
      last_polled_at = coalesce(${c.lastPolledAt ?? null}::timestamptz, last_polled_at),
      last_error = ${c.lastError === null ? null : sql`coalesce(${c.lastError ?? null}, last_error)`},
      items_discovered = items_discovered + ${c.newItems ?? 0},
      updated_at = ${at}
    where feed_id = ${id}`;
}

/** One row per feed with its health: `proj_feeds`. */
export const feedsProjection: Projection = {
  name: "feeds",
  tables: ["proj_feeds"],
  types: [...feedEventTypes],
  apply,
};
