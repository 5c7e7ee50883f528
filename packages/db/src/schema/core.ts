import { sql } from "drizzle-orm";
import { bigint, check, customType, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, unique, uuid } from "drizzle-orm/pg-core";

/** Postgres `xid8`: a 64-bit transaction id, kept as a decimal string in JS. */
export const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/** `bytea` as a Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * The append-only event log. Read in commit-safe order by `(tx_id, global_position)`; see
 * packages/event-store for the gapless read and docs/event-store.md for why.
 */
export const events = pgTable(
  "events",
  {
    globalPosition: bigint("global_position", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    txId: xid8("tx_id").notNull().default(sql`pg_current_xact_id()`),
    streamId: text("stream_id").notNull(),
    streamVersion: integer("stream_version").notNull(),
    eventId: uuid("event_id").primaryKey(),
    eventType: text("event_type").notNull(),
    schemaVersion: smallint("schema_version").notNull(),
    payload: jsonb("payload").notNull(),
    metadata: jsonb("metadata").notNull().default(sql`'{}'::jsonb`),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("events_stream_version_unique").on(t.streamId, t.streamVersion),
    uniqueIndex("events_tx_position_idx").on(t.txId, t.globalPosition),
    index("events_type_idx").on(t.eventType, t.globalPosition),
    check("events_stream_version_positive", sql`${t.streamVersion} > 0`),
  ],
);

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
