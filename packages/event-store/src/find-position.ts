import type { Queryable } from "@vigie/db";
import type { Position } from "./types.ts";

/** The position of the event at `globalPosition`, or null when no committed event has it. */
export async function findPosition(sql: Queryable, globalPosition: number): Promise<Position | null> {
  const [row] = await sql<{ tx_id: string }[]>`select tx_id::text as tx_id from events where global_position = ${globalPosition}`;
  return row ? { txId: row.tx_id, globalPosition } : null;
}
