import type { Queryable } from "@vigie/db";

/** Ids of the streams holding an event of `type` and/or starting with `prefix`, sorted. */
export async function listStreamIds(sql: Queryable, filter: { type?: string | undefined; prefix?: string | undefined } = {}): Promise<string[]> {
  const rows = await sql<{ stream_id: string }[]>`
    select distinct stream_id from events
    where (${filter.type ?? null}::text is null or event_type = ${filter.type ?? null}::text)
      and (${filter.prefix ?? null}::text is null or starts_with(stream_id, ${filter.prefix ?? null}::text))
    order by stream_id`;
  return rows.map((r) => r.stream_id);
}
