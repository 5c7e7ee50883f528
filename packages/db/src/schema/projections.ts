import { bigint, boolean, customType, index, integer, pgTable, primaryKey, real, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

/**
 * Read models derived from the event log by `packages/projections`. Each is rebuilt from the log
 * by `vigie projections rebuild <name>`; never write them from anywhere else.
 */
export const projArticles = pgTable(
  "proj_articles",
  {
    articleId: text("article_id").primaryKey(),
    url: text("url").notNull(),
    feedId: text("feed_id"),
    title: text("title"),
    language: text("language"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** discovered | fetched | fetch-failed | accepted | revised | duplicate | dedup-failed | tagged | tagging-failed (ArticleStatus of @vigie/streams) */
    status: text("status").notNull(),
    failureReason: text("failure_reason"),
    clusterId: text("cluster_id"),
    originalArticleId: text("original_article_id"),
    duplicateMethod: text("duplicate_method"),
    revision: integer("revision").notNull().default(0),
    discoveredAt: timestamp("discovered_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("proj_articles_cluster_idx").on(t.clusterId),
    index("proj_articles_feed_idx").on(t.feedId, t.discoveredAt),
    index("proj_articles_discovered_idx").on(t.discoveredAt),
  ],
);

export const projArticleEntities = pgTable(
  "proj_article_entities",
  {
    articleId: text("article_id").notNull(),
    entityId: text("entity_id").notNull(),
    name: text("name").notNull(),
    type: text("type").notNull(),
    mentions: integer("mentions").notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.entityId] }), index("proj_article_entities_entity_idx").on(t.entityId)],
);

export const projFeeds = pgTable("proj_feeds", {
  feedId: text("feed_id").primaryKey(),
  url: text("url").notNull(),
  /** The name a person gave the feed (overrides `feedTitle`). */
  title: text("title"),
  /** What the feed says about itself, from its last poll. */
  feedTitle: text("feed_title"),
  siteUrl: text("site_url"),
  language: text("language"),
  description: text("description"),
  categories: text("categories").array().notNull().default(sql`'{}'::text[]`),
  /** A poll interval pinned by a person, in seconds; null: adaptive. */
  pinnedIntervalSeconds: integer("pinned_interval_seconds"),
  /** active | disabled | removed */
  status: text("status").notNull(),
  lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
  lastError: text("last_error"),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  itemsDiscovered: bigint("items_discovered", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** Postgres `tsvector` (written by SQL only: `vigie_search_vector`, migration 0010). */
const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => "tsvector" });
/** Postgres `regconfig`: a text search configuration (`vigie_french`, `vigie_english`, `vigie_simple`). */
const regconfig = customType<{ data: string; driverData: string }>({ dataType: () => "regconfig" });

/**
 * Full-text search over the latest fetched revision of each article (packages/projections
 * `searchProjection`). `config` follows the article's language (`vigie_search_config`); `tsv`
 * weighs title A, lead B, body C. `body` is kept (truncated) for highlighted snippets.
 */
export const projArticleSearch = pgTable(
  "proj_article_search",
  {
    articleId: text("article_id").primaryKey(),
    revision: integer("revision").notNull(),
    config: regconfig("config").notNull(),
    title: text("title"),
    lead: text("lead"),
    body: text("body").notNull(),
    tsv: tsvector("tsv").notNull(),
    /** The article's discovery time (as in proj_articles), so that "the newest matches" needs no join. */
    discoveredAt: timestamp("discovered_at", { withTimezone: true }).notNull(),
    /** From `ArticleDiscovered`; also a facet lexeme of `tsv` (`vigie_search_facets`, migration 0016). */
    feedId: text("feed_id"),
    /** The latest known language tag (as in proj_articles); also facet lexemes of `tsv`. */
    language: text("language"),
    /** Entity ids of the latest `EntitiesTagged`; also facet lexemes of `tsv`. */
    entityIds: text("entity_ids").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [index("proj_article_search_tsv_idx").using("gin", t.tsv), index("proj_article_search_discovered_idx").on(t.discoveredAt)],
);

/**
 * Events in the log by type and `data.reason` ('' for events without one), kept by the
 * `event-counts` projection so that `/metrics`, the dashboard and `vigie status` never count the
 * events table.
 */
export const projEventTotals = pgTable(
  "proj_event_totals",
  {
    eventType: text("event_type").notNull(),
    reason: text("reason").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventType, t.reason] })],
);

/** Events by type and minute recorded (`recorded_at` truncated), for the last two days: the funnel's windows. */
export const projEventMinutes = pgTable(
  "proj_event_minutes",
  {
    eventType: text("event_type").notNull(),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventType, t.minute] }), index("proj_event_minutes_minute_idx").on(t.minute)],
);

/** One row per story (`StoryStarted`); a merged story keeps its row with `merged_into` set and no articles. */
export const projStories = pgTable(
  "proj_stories",
  {
    storyId: text("story_id").primaryKey(),
    firstArticleId: text("first_article_id").notNull(),
    /** Publication time of its earliest and latest article. */
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    lastArticleAt: timestamp("last_article_at", { withTimezone: true }).notNull(),
    articleCount: integer("article_count").notNull().default(0),
    languages: text("languages").array().notNull().default(sql`'{}'::text[]`),
    mergedInto: text("merged_into"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("proj_stories_last_idx").on(t.lastArticleAt)],
);

/** The story each article is in now (a live blog may move): one row per article. */
export const projStoryArticles = pgTable(
  "proj_story_articles",
  {
    articleId: text("article_id").primaryKey(),
    storyId: text("story_id").notNull(),
    language: text("language").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    /** The decision's score (1 for the article that started the story). */
    score: real("score").notNull(),
    started: boolean("started").notNull(),
  },
  (t) => [index("proj_story_articles_story_idx").on(t.storyId, t.publishedAt)],
);

/**
 * One row per watch (`WatchCreated`), deleted ones kept with `status = 'deleted'`: what
 * `GET /v1/watches` and `vigie watches list` read instead of folding every watch stream. The
 * definition columns are the watch's latest `WatchDefinition`; the counters come from its
 * `watch-matches` stream (`WatchMatched`) and its delivery attempts.
 */
export const projWatches = pgTable(
  "proj_watches",
  {
    watchId: text("watch_id").primaryKey(),
    /** The API token id that created it (`anonymous`, `cli`). */
    owner: text("owner").notNull(),
    /** active | deleted */
    status: text("status").notNull(),
    name: text("name"),
    query: text("query"),
    entityIds: text("entity_ids").array().notNull().default(sql`'{}'::text[]`),
    languages: text("languages").array().notNull().default(sql`'{}'::text[]`),
    feedIds: text("feed_ids").array().notNull().default(sql`'{}'::text[]`),
    webhookUrl: text("webhook_url"),
    /** each | digest */
    delivery: text("delivery").notNull(),
    digestSeconds: integer("digest_seconds"),
    secretVersion: integer("secret_version").notNull().default(1),
    deliveryEnabled: boolean("delivery_enabled").notNull().default(true),
    /** Failed attempts in a row (reset by a success or a re-enable). */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    lastError: text("last_error"),
    matches: bigint("matches", { mode: "number" }).notNull().default(0),
    /** Deliveries acknowledged (`AlertDelivered`). */
    delivered: bigint("delivered", { mode: "number" }).notNull().default(0),
    /** Failed attempts (`AlertDeliveryFailed`), all told. */
    failedAttempts: bigint("failed_attempts", { mode: "number" }).notNull().default(0),
    lastMatchedAt: timestamp("last_matched_at", { withTimezone: true }),
    lastDeliveredAt: timestamp("last_delivered_at", { withTimezone: true }),
    lastFailedAt: timestamp("last_failed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("proj_watches_owner_idx").on(t.owner, t.watchId)],
);
