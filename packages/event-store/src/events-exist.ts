import type { Queryable } from "@vigie/db";

/** Which of these event ids the log holds (a retried job looking for its own outcome). */
export async function eventsExist(sql: Queryable, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await sql.unsafe<{ id: string }[]>(`select event_id::text as id from events where event_id = any($1::uuid[])`, [eventIds as string[]], { prepare: true });
  return new Set(rows.map((r) => r.id));
}
