import type { Queryable } from "@vigie/db";

export interface CountEventsOptions {
  /** Only these event types. @defaultValue every type */
  types?: readonly string[] | undefined;
  /** Only events recorded in the last this many seconds (by the database clock). @defaultValue all time */
  withinSeconds?: number | undefined;
}

/** Committed events by type (types with no event are absent). */
export async function countEventsByType(sql: Queryable, options: CountEventsOptions = {}): Promise<Record<string, number>> {
  const types = options.types && options.types.length > 0 ? [...options.types] : null;
  const rows = await sql<{ event_type: string; n: number }[]>`
    select event_type, count(*)::int as n from events
    where (${types}::text[] is null or event_type = any(${types}::text[]))
      and (${options.withinSeconds ?? null}::float8 is null or recorded_at > now() - make_interval(secs => ${options.withinSeconds ?? null}::float8))
    group by event_type order by event_type`;
  return Object.fromEntries(rows.map((r) => [r.event_type, r.n]));
}

/** Committed events in total. */
export async function countEvents(sql: Queryable, options: CountEventsOptions = {}): Promise<number> {
  return Object.values(await countEventsByType(sql, options)).reduce((sum, n) => sum + n, 0);
}
