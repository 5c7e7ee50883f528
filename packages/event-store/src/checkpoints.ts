import type { Queryable } from "@vigie/db";
import type { Position } from "./types.ts";

export async function loadCheckpoint(sql: Queryable, consumerId: string): Promise<Position | null> {
  const [row] = await sql<{ tx_id: string; global_position: string }[]>`
    select tx_id::text, global_position::text from consumer_checkpoints where consumer_id = ${consumerId}`;
  return row ? { txId: row.tx_id, globalPosition: Number(row.global_position) } : null;
}

/**
 * Compare-and-set: moves the checkpoint from `expected` (null: none yet) to `next`. Returns false
 * when another instance moved it first; the caller must then not commit its work.
 */
export async function storeCheckpoint(sql: Queryable, consumerId: string, expected: Position | null, next: Position): Promise<boolean> {
  if (expected === null) {
    const rows = await sql`
      insert into consumer_checkpoints (consumer_id, tx_id, global_position)
      values (${consumerId}, ${next.txId}::xid8, ${next.globalPosition})
      on conflict (consumer_id) do nothing`;
    return rows.count === 1;
  }
  const rows = await sql`
    update consumer_checkpoints
    set tx_id = ${next.txId}::xid8, global_position = ${next.globalPosition}, updated_at = now()
    where consumer_id = ${consumerId} and tx_id = ${expected.txId}::xid8 and global_position = ${expected.globalPosition}`;
  return rows.count === 1;
}
