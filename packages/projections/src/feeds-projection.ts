import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";
import type { Projection } from "./projection.ts";

async function apply(sql: Queryable, e: RecordedEvent): Promise<void> {
  const d = e.data as Record<string, unknown>;
  const id = String(d.feedId);
  const at = e.recordedAt;
  switch (e.type) {
    case "FeedRegistered":
      await sql`
        insert into proj_feeds (feed_id, url, title, status, updated_at)
        values (${id}, ${String(d.url)}, ${typeof d.title === "string" ? d.title : null}, 'active', ${at})
        on conflict (feed_id) do update set status = 'active', updated_at = excluded.updated_at`;
      return;
    case "FeedPolled":
      await sql`
        update proj_feeds set last_polled_at = ${at}, consecutive_failures = 0, last_error = null,
          items_discovered = items_discovered + ${Number(d.newItemCount)}, updated_at = ${at}
        where feed_id = ${id}`;
      return;
    case "FeedPollFailed":
      await sql`
        update proj_feeds set consecutive_failures = ${Number(d.consecutiveFailures)}, last_error = ${String(d.reason)}, updated_at = ${at}
        where feed_id = ${id}`;
      return;
    case "FeedMoved":
      await sql`update proj_feeds set url = ${String(d.to)}, updated_at = ${at} where feed_id = ${id}`;
      return;
    case "FeedDisabled":
    case "FeedEnabled":
    case "FeedRemoved": {
      const status = e.type === "FeedDisabled" ? "disabled" : e.type === "FeedEnabled" ? "active" : "removed";
      await sql`update proj_feeds set status = ${status}, updated_at = ${at} where feed_id = ${id}`;
      return;
    }
  }
}

/** One row per feed with its health: `proj_feeds`. */
export const feedsProjection: Projection = {
  name: "feeds",
  tables: ["proj_feeds"],
  types: ["FeedRegistered", "FeedPolled", "FeedPollFailed", "FeedMoved", "FeedDisabled", "FeedEnabled", "FeedRemoved"],
  apply,
};
