import type { Queryable } from "@vigie/db";

/** One watch as the `watches` projection holds it (`proj_watches`). */
export interface WatchSummary {
  watchId: string;
  owner: string;
  status: "active" | "deleted";
  name: string | null;
  query: string | null;
  entityIds: string[];
  languages: string[];
  feedIds: string[];
  webhookUrl: string | null;
  delivery: "each" | "digest";
  digestSeconds: number | null;
  secretVersion: number;
  deliveryEnabled: boolean;
  consecutiveFailures: number;
  lastError: string | null;
  matches: number;
  delivered: number;
  failedAttempts: number;
  lastMatchedAt: Date | null;
  lastDeliveredAt: Date | null;
  lastFailedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface WatchRow {
  watch_id: string;
  owner: string;
  status: "active" | "deleted";
  name: string | null;
  query: string | null;
  entity_ids: string[];
  languages: string[];
  feed_ids: string[];
  webhook_url: string | null;
  delivery: "each" | "digest";
  digest_seconds: number | null;
  secret_version: number;
  delivery_enabled: boolean;
  consecutive_failures: number;
  last_error: string | null;
  matches: string | number;
  delivered: string | number;
  failed_attempts: string | number;
  last_matched_at: Date | null;
  last_delivered_at: Date | null;
  last_failed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toSummary = (r: WatchRow): WatchSummary => ({
  watchId: r.watch_id,
  owner: r.owner,
  status: r.status,
  name: r.name,
  query: r.query,
  entityIds: r.entity_ids,
  languages: r.languages,
  feedIds: r.feed_ids,
  webhookUrl: r.webhook_url,
  delivery: r.delivery,
  digestSeconds: r.digest_seconds,
  secretVersion: r.secret_version,
  deliveryEnabled: r.delivery_enabled,
  consecutiveFailures: r.consecutive_failures,
  lastError: r.last_error,
  // bigint columns come back as strings from the raw driver.
  matches: Number(r.matches),
  delivered: Number(r.delivered),
  failedAttempts: Number(r.failed_attempts),
  lastMatchedAt: r.last_matched_at,
  lastDeliveredAt: r.last_delivered_at,
  lastFailedAt: r.last_failed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The live watches (of one owner when given), oldest first; at most `limit`. */
export async function listWatchSummaries(sql: Queryable, filter: { owner?: string | undefined; limit?: number } = {}): Promise<WatchSummary[]> {
  const rows = await sql<WatchRow[]>`
    select * from proj_watches
    where status = 'active' ${filter.owner === undefined ? sql`` : sql`and owner = ${filter.owner}`}
    order by created_at, watch_id
    limit ${filter.limit ?? 10_000}`;
  return rows.map(toSummary);
}

/** One watch's row, deleted or not; undefined when the projection has none (unknown, or not projected yet). */
export async function readWatchSummary(sql: Queryable, watchId: string): Promise<WatchSummary | undefined> {
  const [row] = await sql<WatchRow[]>`select * from proj_watches where watch_id = ${watchId}`;
  return row ? toSummary(row) : undefined;
}
