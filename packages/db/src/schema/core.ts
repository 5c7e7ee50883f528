import { sql } from "drizzle-orm";
import { bigint, check, customType, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** Postgres `xid8`: a 64-bit transaction id, kept as a decimal string in JS. */
export const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/** `bytea` as a Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * The append-only event log. Read in commit-safe order by `(tx_id, global_position)`; see
 * packages/event-store for the gapless read and docs/event-store.md for why. Partitioned by range
 * of `global_position` (migration 0014; drizzle-kit does not model partitions): event ids and
 * stream versions are kept unique by `eventIds` and `streamHeads`, filled by its insert trigger.
 */
export const events = pgTable(
  "events",
  {
    globalPosition: bigint("global_position", { mode: "number" }).generatedAlwaysAsIdentity().primaryKey(),
    txId: xid8("tx_id").notNull().default(sql`pg_current_xact_id()`),
    streamId: text("stream_id").notNull(),
    streamVersion: integer("stream_version").notNull(),
    eventId: uuid("event_id").notNull(),
    eventType: text("event_type").notNull(),
    schemaVersion: smallint("schema_version").notNull(),
    payload: jsonb("payload").notNull(),
    metadata: jsonb("metadata").notNull().default(sql`'{}'::jsonb`),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("events_stream_idx").on(t.streamId, t.streamVersion),
    uniqueIndex("events_tx_position_idx").on(t.txId, t.globalPosition),
    index("events_type_idx").on(t.eventType, t.globalPosition),
    check("events_stream_version_positive", sql`${t.streamVersion} > 0`),
  ],
);

/** Global uniqueness of event ids across the partitions of `events` (guarantee 2). */
export const eventIds = pgTable("event_ids", {
  eventId: uuid("event_id").primaryKey(),
  globalPosition: bigint("global_position", { mode: "number" }).notNull(),
});

/**
 * Each stream's head: an insert into `events` must number its event `version + 1` (guarantee 3).
 * `firstPosition` bounds a stream read to the partitions the stream lives in.
 */
export const streamHeads = pgTable("stream_heads", {
  streamId: text("stream_id").primaryKey(),
  version: integer("version").notNull(),
  firstPosition: bigint("first_position", { mode: "number" }).notNull(),
});

/** Content-addressed blobs (raw HTML, feed bodies): events reference them by sha256. */
export const contents = pgTable("contents", {
  hash: text("hash").primaryKey(),
  contentType: text("content_type"),
  size: integer("size").notNull(),
  body: bytea("body").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Where each consumer of the log has got to; updated by compare-and-set. */
export const consumerCheckpoints = pgTable("consumer_checkpoints", {
  consumerId: text("consumer_id").primaryKey(),
  txId: xid8("tx_id").notNull(),
  globalPosition: bigint("global_position", { mode: "number" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
