import type { Sql } from "@vigie/db";
import { readConsumerLag as readCheckpointLag } from "@vigie/event-store";
import type { PipelineQueues, StageName } from "@vigie/queue";

/** Article outcomes counted over a time window, in pipeline order. */
export interface Funnel {
  discovered: number;
  fetched: number;
  fetchFailed: number;
  accepted: number;
  duplicate: number;
  revised: number;
  tagged: number;
}

export interface FeedHealth {
  feedId: string;
  url: string;
  /** The name a person gave, else the feed's own title. */
  title: string | null;
  categories: string[];
  /** `healthy`, `failing` (active with failures in a row), `disabled` or `removed`. */
  health: string;
  lastPolledAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
}

export interface NewestArticle {
  articleId: string;
  title: string | null;
  url: string;
  language: string | null;
  status: string;
  discoveredAt: Date;
  entities: { id: string; name: string; type: string }[];
}

export interface ConsumerLag {
  consumer: string;
  /** `projection` for read models, `consumer` otherwise (the dispatcher). */
  kind: "projection" | "consumer";
  /** Committed events after its checkpoint. */
  lagEvents: number;
  /** Age of the oldest of those events (0 when caught up). */
  lagSeconds: number;
  updatedAt: Date;
}

export interface QueueFigures {
  stage: StageName;
  queue: string;
  counts: Record<string, number>;
  /** Age of the oldest waiting job (0 when none waits). */
  oldestWaitingSeconds: number;
}

export interface OpsFigures {
  funnel: { hour: Funnel; day: Funnel };
  feeds: FeedHealth[];
  feedsByHealth: Record<string, number>;
  articles: NewestArticle[];
  consumers: ConsumerLag[];
  queues: QueueFigures[];
  /** Failure events in the log by type and reason. */
  failures: { type: string; reason: string; count: number }[];
  /** Events in the log by type. */
  events: Record<string, number>;
}

/** The funnel's steps in pipeline order, with their labels (dashboard and `vigie status`). */
export const FUNNEL_ROWS: readonly (readonly [keyof Funnel, string])[] = [
  ["discovered", "discovered"],
  ["fetched", "fetched"],
  ["fetchFailed", "fetch failed"],
  ["accepted", "accepted"],
  ["duplicate", "duplicate"],
  ["revised", "revised"],
  ["tagged", "tagged"],
];

const FUNNEL_TYPES: Record<keyof Funnel, string> = {
  discovered: "ArticleDiscovered",
  fetched: "ArticleFetched",
  fetchFailed: "ArticleFetchFailed",
  accepted: "ArticleAccepted",
  duplicate: "ArticleDuplicateDetected",
  revised: "ArticleRevised",
  tagged: "EntitiesTagged",
};

const FAILURE_TYPES = ["ArticleFetchFailed", "ArticleDedupFailed", "ArticleTaggingFailed", "FeedPollFailed", "FeedDisabled"];

/**
 * Funnel types counted over the last `seconds`, to the minute (the window starts at the minute
 * `seconds` ago began), from the event-counts projection's per-minute rows: a few thousand rows
 * at most, whatever the size of the log.
 */
async function countRecentByType(sql: Sql, types: readonly string[], seconds: number): Promise<Record<string, number>> {
  const rows = await sql<{ event_type: string; n: number }[]>`
    select event_type, sum(n)::float8 as n from proj_event_minutes
    where event_type = any(${[...types]}::text[]) and minute >= date_trunc('minute', now() - make_interval(secs => ${seconds}))
    group by event_type`;
  return Object.fromEntries(rows.map((r) => [r.event_type, r.n]));
}

export async function readFunnel(sql: Sql): Promise<{ hour: Funnel; day: Funnel }> {
  const types = Object.values(FUNNEL_TYPES);
  const [hour, day] = await Promise.all([countRecentByType(sql, types, 3600), countRecentByType(sql, types, 86_400)]);
  const pick = (counts: Record<string, number>) =>
    Object.fromEntries(Object.entries(FUNNEL_TYPES).map(([key, type]) => [key, counts[type] ?? 0])) as unknown as Funnel;
  return { hour: pick(hour), day: pick(day) };
}

export async function readFeedHealth(sql: Sql, limit = 50): Promise<{ feeds: FeedHealth[]; byHealth: Record<string, number> }> {
  const health = sql`case when status = 'active' and consecutive_failures > 0 then 'failing' when status = 'active' then 'healthy' else status end`;
  const rows = await sql<
    {
      feed_id: string;
      url: string;
      title: string | null;
      categories: string[];
      health: string;
      last_polled_at: Date | null;
      last_error: string | null;
      consecutive_failures: number;
    }[]
  >`
    select feed_id, url, coalesce(title, feed_title) as title, categories, ${health} as health, last_polled_at, last_error, consecutive_failures
    from proj_feeds order by (status = 'active' and consecutive_failures > 0) desc, status, feed_id limit ${limit}`;
  const counts = await sql<{ health: string; n: number }[]>`select ${health} as health, count(*)::int as n from proj_feeds group by 1`;
  return {
    feeds: rows.map((r) => ({
      feedId: r.feed_id,
      url: r.url,
      title: r.title,
      categories: r.categories,
      health: r.health,
      lastPolledAt: r.last_polled_at,
      lastError: r.last_error,
      consecutiveFailures: r.consecutive_failures,
    })),
    byHealth: Object.fromEntries(counts.map((r) => [r.health, r.n])),
  };
}

export async function readNewestArticles(sql: Sql, limit = 15): Promise<NewestArticle[]> {
  const rows = await sql<
    {
      article_id: string;
      title: string | null;
      url: string;
      language: string | null;
      status: string;
      discovered_at: Date;
      entities: NewestArticle["entities"];
    }[]
  >`
    select a.article_id, a.title, a.url, a.language, a.status, a.discovered_at,
      coalesce(json_agg(json_build_object('id', e.entity_id, 'name', e.name, 'type', e.type) order by e.mentions desc, e.entity_id)
        filter (where e.entity_id is not null), '[]') as entities
    from (select * from proj_articles order by discovered_at desc, article_id limit ${limit}) a
    left join proj_article_entities e on e.article_id = a.article_id
    group by a.article_id, a.title, a.url, a.language, a.status, a.discovered_at
    order by a.discovered_at desc, a.article_id`;
  return rows.map((r) => ({
    articleId: r.article_id,
    title: r.title,
    url: r.url,
    language: r.language,
    status: r.status,
    discoveredAt: r.discovered_at,
    entities: r.entities,
  }));
}

export async function readConsumerLag(sql: Sql): Promise<ConsumerLag[]> {
  return (await readCheckpointLag(sql)).map((c) => ({
    consumer: c.consumerId,
    kind: c.consumerId.startsWith("projection:") ? "projection" : "consumer",
    lagEvents: c.lagEvents,
    lagSeconds: c.lagSeconds,
    updatedAt: c.updatedAt,
  }));
}

export async function readQueueFigures(queues: PipelineQueues): Promise<QueueFigures[]> {
  return Promise.all(
    Object.entries(queues.byStage).map(async ([stage, queue]) => {
      const counts = await queue.getJobCounts("wait", "active", "delayed", "prioritized", "failed", "completed");
      // Either end of the wait list may hold the oldest job, depending on LIFO adds: look at both.
      const ends = await Promise.all([queue.getJobs(["wait"], 0, 0, true), queue.getJobs(["wait"], 0, 0, false)]);
      const oldest = Math.min(...ends.flat().map((j) => j.timestamp));
      return {
        stage: stage as StageName,
        queue: queue.name,
        counts,
        oldestWaitingSeconds: Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0,
      };
    }),
  );
}

/** Failure events by type and reason (`unknown` when the event has none), from the event-counts projection. */
export async function readFailures(sql: Sql): Promise<OpsFigures["failures"]> {
  const rows = await sql<{ event_type: string; reason: string; n: number }[]>`
    select event_type, case when reason = '' then 'unknown' else reason end as reason, sum(n)::float8 as n
    from proj_event_totals where event_type = any(${FAILURE_TYPES}::text[]) group by 1, 2 order by 1, 2`;
  return rows.map((r) => ({ type: r.event_type, reason: r.reason, count: r.n }));
}

/** Events in the log by type, from the event-counts projection (as far as it has read the log). */
export async function readEventCounts(sql: Sql): Promise<Record<string, number>> {
  const rows = await sql<{ event_type: string; n: number }[]>`
    select event_type, sum(n)::float8 as n from proj_event_totals group by event_type order by event_type`;
  return Object.fromEntries(rows.map((r) => [r.event_type, r.n]));
}

/** Every figure of the dashboard, `/metrics` and `vigie status`, read once. */
export async function readOpsFigures(sql: Sql, queues: PipelineQueues): Promise<OpsFigures> {
  const [funnel, feeds, articles, consumers, queueFigures, failures, events] = await Promise.all([
    readFunnel(sql),
    readFeedHealth(sql),
    readNewestArticles(sql),
    readConsumerLag(sql),
    readQueueFigures(queues),
    readFailures(sql),
    readEventCounts(sql),
  ]);
  return { funnel, feeds: feeds.feeds, feedsByHealth: feeds.byHealth, articles, consumers, queues: queueFigures, failures, events };
}
