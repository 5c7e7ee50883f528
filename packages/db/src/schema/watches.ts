import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The watcher's own state: the live watches as of its checkpoint, written in the transaction that
 * moves the checkpoint, so that after a crash the watcher matches each article against exactly
 * the watches that existed at that point of the log. Never written by anything else.
 */
export const watcherWatches = pgTable("watcher_watches", {
  watchId: text("watch_id").primaryKey(),
  owner: text("owner").notNull(),
  /** `WatchDefinition` of `@vigie/streams`. */
  definition: jsonb("definition").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
