import type { Queryable } from "@vigie/db";

/** One partition of the events table: positions [lower, upper). */
export interface EventPartition {
  name: string;
  lower: number;
  upper: number;
  /** Lowest and highest committed position in it (null: empty). */
  minPosition: number | null;
  maxPosition: number | null;
  /** Planner estimate (pg_class.reltuples) unless counted exactly; null before the first ANALYZE. */
  rows: number | null;
  /** Heap, TOAST and indexes. */
  bytes: number;
  /** Share of the range handed out: (next position − lower) / (upper − lower), 0..1. */
  fill: number;
}

/** The next position the sequence will hand out (1 for an empty log). */
export async function nextPosition(sql: Queryable): Promise<number> {
  const [row] = await sql<{ next: string }[]>`
    select (case when is_called then last_value + 1 else last_value end)::text as next from events_global_position_seq`;
  return Number(row?.next ?? 1);
}

const BOUND = /FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)/;

/** Name and range of each partition of `events`, in position order: one catalog query. */
export async function readPartitionBounds(sql: Queryable): Promise<{ name: string; lower: number; upper: number; reltuples: number; bytes: number }[]> {
  const rows = await sql<{ name: string; bound: string; reltuples: number; bytes: string }[]>`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound, c.reltuples::float8 as reltuples,
           pg_total_relation_size(c.oid)::text as bytes
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.events'::regclass`;
  return rows
    .flatMap((row) => {
      const bound = BOUND.exec(row.bound);
      return bound ? [{ name: row.name, lower: Number(bound[1]), upper: Number(bound[2]), reltuples: row.reltuples, bytes: Number(row.bytes) }] : [];
    })
    .sort((a, b) => a.lower - b.lower);
}

/**
 * The partitions of `events` in position order. The bounds, sizes and the min/max positions (one
 * descent of each primary key) are cheap; `exact` counts rows, which reads every partition.
 */
export async function listPartitions(sql: Queryable, options: { exact?: boolean } = {}): Promise<EventPartition[]> {
  const next = await nextPosition(sql);
  const partitions: EventPartition[] = [];
  for (const { name, lower, upper, reltuples, bytes } of await readPartitionBounds(sql)) {
    // Through the parent (the roles have no privileges on partitions); the bounds prune to this one.
    const [range] = await sql.unsafe<{ min: string | null; max: string | null; n: string | null }[]>(
      `select min(global_position)::text as min, max(global_position)::text as max, ${options.exact ? "count(*)::text" : "null::text"} as n
       from events where global_position >= $1 and global_position < $2`,
      [lower, upper],
    );
    partitions.push({
      name,
      lower,
      upper,
      minPosition: range?.min ? Number(range.min) : null,
      maxPosition: range?.max ? Number(range.max) : null,
      rows: range?.n ? Number(range.n) : reltuples >= 0 ? Math.round(reltuples) : null,
      bytes,
      fill: Math.min(1, Math.max(0, (next - lower) / (upper - lower))),
    });
  }
  return partitions;
}
