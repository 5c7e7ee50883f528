import type { Queryable } from "@vigie/db";

/** The ids among `eventIds` that are in the log (an outcome already recorded, a poll already done). */
export async function eventsExist(sql: Queryable, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await sql<{ id: string }[]>`select event_id::text as id from event_ids where event_id = any(${[...eventIds]}::uuid[])`;
  return new Set(rows.map((r) => r.id));
}
