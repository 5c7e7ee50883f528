import type { Queryable } from "@vigie/db";

/** Events of the given (failure) types by type and `data.reason` (`unknown` when absent), in type then reason order. */
export async function countFailuresByReason(sql: Queryable, types: readonly string[]): Promise<{ type: string; reason: string; count: number }[]> {
  const rows = await sql<{ event_type: string; reason: string; n: number }[]>`
    select event_type, coalesce(payload->>'reason', 'unknown') as reason, count(*)::int as n
    from events where event_type = any(${[...types]}::text[]) group by 1, 2 order by 1, 2`;
  return rows.map((r) => ({ type: r.event_type, reason: r.reason, count: r.n }));
}
