import { gunzipSync, gzipSync } from "node:zlib";
import type { Queryable } from "@vigie/db";
import type { Position } from "@vigie/event-store";
import type { StoryModelSnapshot } from "@vigie/stories";

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
  const model = JSON.parse(gunzipSync(row.model).toString("utf8")) as StoryModelSnapshot;
  return { position: { txId: row.tx_id, globalPosition: Number(row.global_position) }, model };
}

/**
 * Replaces the snapshot called `name` unless the stored one reflects a later position (another
 * replica got further). Returns the size written in bytes, 0 when the stored one was kept.
 */
export async function writeStorySnapshot(sql: Queryable, name: string, snapshot: StoredStorySnapshot): Promise<number> {
  const body = gzipSync(JSON.stringify(snapshot.model));
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
