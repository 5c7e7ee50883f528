import { promisify } from "node:util";
import { gunzip as gunzipCallback, gzip as gzipCallback } from "node:zlib";
import type { Queryable } from "@vigie/db";
import type { Position } from "@vigie/event-store";
import type { StoryModelSnapshot } from "@vigie/stories";

// On libuv's thread pool, not the event loop: at 100,000 open stories the JSON is ≈ 134 MB, and
// gzipSync held the worker's event loop (job-lock renewals included) for ≈ 9 s (docs/stories.md).
const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/** A stored snapshot of the story model and the log position it reflects. */
export interface StoredStorySnapshot {
  position: Position;
  model: StoryModelSnapshot;
}

/** The snapshot called `name` (table `story_snapshots`, migration 0017), or undefined. */
export async function readStorySnapshot(sql: Queryable, name: string): Promise<StoredStorySnapshot | undefined> {
  const [row] = await sql<{ tx_id: string; global_position: string; model: Buffer }[]>`
    select tx_id::text, global_position::text, model from story_snapshots where name = ${name}`;
  if (!row) return undefined;
  const model = JSON.parse((await gunzip(row.model)).toString("utf8")) as StoryModelSnapshot;
  return { position: { txId: row.tx_id, globalPosition: Number(row.global_position) }, model };
}

/**
 * Replaces the snapshot called `name` unless the stored one reflects a later position (another
 * replica got further). Returns the size written in bytes, 0 when the stored one was kept.
 */
export async function writeStorySnapshot(sql: Queryable, name: string, snapshot: StoredStorySnapshot): Promise<number> {
  // The JSON is built before the first await: the model may change once this yields.
  const body = await gzip(JSON.stringify(snapshot.model));
  const { txId, globalPosition } = snapshot.position;
  const rows = await sql`
    insert into story_snapshots (name, tx_id, global_position, open_stories, model)
    values (${name}, ${txId}::xid8, ${globalPosition}, ${snapshot.model.stories.length}, ${body})
    on conflict (name) do update
      set tx_id = excluded.tx_id, global_position = excluded.global_position, open_stories = excluded.open_stories,
          model = excluded.model, written_at = now()
      where (story_snapshots.tx_id, story_snapshots.global_position) < (excluded.tx_id, excluded.global_position)`;
  return rows.count === 1 ? body.length : 0;
}
