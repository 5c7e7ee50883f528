import { feedStreamId } from "@vigie/contracts";
import type { Queryable } from "@vigie/db";

export interface FeedState {
  feedId: string;
  url: string;
  title?: string;
  status: "active" | "disabled" | "removed";
  etag?: string;
  lastModified?: string;
  bodyHash?: string;
  /** The interval the last successful poll chose, kept when the feed answers not-modified. */
  nextPollSeconds?: number;
  /** FeedPollFailed events since the last FeedPolled. */
  consecutiveFailures: number;
  version: number;
}

interface Row {
  event_type: string;
  payload: Record<string, unknown>;
  stream_version: number;
}

/**
 * The poller's view of one feed, folded from the latest event of each type of its stream.
 * (A feeds projection, issue 10, will replace this scan of the stream.)
 */
export async function loadFeedState(sql: Queryable, feedId: string): Promise<FeedState | undefined> {
  const rows = await sql<Row[]>`
    select distinct on (e.event_type) e.event_type, e.payload, e.stream_version
    from events e where e.stream_id = ${feedStreamId(feedId)}
    order by e.event_type, e.stream_version desc`;
  const last = new Map(rows.map((r) => [r.event_type, r]));
  const registered = last.get("FeedRegistered");
  if (!registered) return undefined;
  const polled = last.get("FeedPolled");
  const moved = last.get("FeedMoved");
  const version = Math.max(...rows.map((r) => r.stream_version));
  const after = (type: string, than: Row | undefined) => {
    const row = last.get(type);
    return row !== undefined && (than === undefined || row.stream_version > than.stream_version);
  };
  const [failures] = await sql<{ n: number }[]>`
    select count(*)::int as n from events e
    where e.stream_id = ${feedStreamId(feedId)} and e.event_type = 'FeedPollFailed' and e.stream_version > ${polled?.stream_version ?? 0}`;
  const status = after("FeedRemoved", undefined) && !after("FeedRegistered", last.get("FeedRemoved"))
    ? "removed"
    : after("FeedDisabled", undefined) && !after("FeedEnabled", last.get("FeedDisabled"))
      ? "disabled"
      : "active";
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    feedId,
    url: str(moved?.payload.to) ?? String(registered.payload.url),
    title: str(registered.payload.title),
    status,
    etag: str(polled?.payload.etag),
    lastModified: str(polled?.payload.lastModified),
    bodyHash: str(polled?.payload.bodyHash),
    nextPollSeconds: typeof polled?.payload.nextPollSeconds === "number" ? polled.payload.nextPollSeconds : undefined,
    consecutiveFailures: failures?.n ?? 0,
    version,
  };
}
