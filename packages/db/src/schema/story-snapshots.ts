import { bigint, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { bytea, xid8 } from "./core.ts";

/**
 * Snapshots of the story stage's model (open stories, rarity counts) and the log position they
 * reflect, one row per name, replaced by each newer snapshot: a restarted story worker loads it and
 * reads the story events after its position instead of refolding the log from the start. A cache
 * of the log, never read by anything else: deleting the row only makes the next start slower.
 */
export const storySnapshots = pgTable("story_snapshots", {
  name: text("name").primaryKey(),
  txId: xid8("tx_id").notNull(),
  globalPosition: bigint("global_position", { mode: "number" }).notNull(),
  /** Open stories in the model (for the operator; the model is in `model`). */
  openStories: integer("open_stories").notNull(),
  /** gzip of the JSON `StoryModelSnapshot` of `@vigie/stories`. */
  model: bytea("model").notNull(),
  writtenAt: timestamp("written_at", { withTimezone: true }).notNull().defaultNow(),
});
