import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { bytea } from "./core.ts";

/**
 * Deduplication state shared by every deduplicator replica (packages/dedup): one row per article
 * id with its current fingerprints. Keys that may be long (match key, title) are indexed by md5.
 */
export const dedupArticles = pgTable(
  "dedup_articles",
  {
    articleId: text("article_id").primaryKey(),
    /** A compact key for the band rows (dedup_bands). */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    /** The accepted original of the copy group (its own id for an original). */
    clusterId: text("cluster_id").notNull(),
    canonicalUrl: text("canonical_url").notNull(),
    matchKey: text("match_key").notNull(),
    /** sha256 of the normalised current text. */
    textHash: text("text_hash").notNull(),
    source: text("source"),
    titleKey: text("title_key"),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    shingleCount: integer("shingle_count").notNull(),
    /** MinHash signature, uint32 little-endian. */
    signature: bytea("signature").notNull(),
    /** LSH band keys (int4): the rows to delete from dedup_bands when a revision changes them. */
    bands: integer("bands").array().notNull(),
    revision: integer("revision").notNull(),
    /** Current text, kept to size the diff of the next revision (live blogs). */
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("dedup_articles_match_key_idx").using("btree", sql`md5(${t.matchKey})`),
    index("dedup_articles_text_hash_idx").on(t.textHash),
    index("dedup_articles_title_idx").using("btree", t.source, sql`md5(${t.titleKey})`).where(sql`${t.titleKey} is not null`),
    uniqueIndex("dedup_articles_seq_idx").on(t.seq),
  ],
);

/** Every decision made, by article and text: a retried job gets back the decision it must append. */
export const dedupDecisions = pgTable(
  "dedup_decisions",
  {
    articleId: text("article_id").notNull(),
    textHash: text("text_hash").notNull(),
    revision: integer("revision").notNull(),
    decision: jsonb("decision").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "dedup_decisions_pk", columns: [t.articleId, t.textHash] })],
);

/**
 * One row per (LSH band key, article): the candidate lookup is a btree probe per band key, whose
 * cost does not grow with the table, and no planner hint is needed (a GIN index on an int4[]
 * column was planned with a default selectivity and lost to sequential scans).
 */
export const dedupBands = pgTable(
  "dedup_bands",
  {
    band: integer("band").notNull(),
    articleSeq: bigint("article_seq", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "dedup_bands_pk", columns: [t.band, t.articleSeq] })],
);
