import type { Queryable } from "@vigie/db";
import type { Position } from "./types.ts";

export interface ConsumerLag {
  consumerId: string;
  position: Position;
  /** Committed events after the checkpoint, counted up to `LAG_COUNT_LIMIT` (a lag that large reads as the limit). */
  lagEvents: number;
  /** Age of the oldest of those events, in seconds (0 when caught up). */
  lagSeconds: number;
  updatedAt: Date;
}

/** How far the lag of one consumer is counted: a consumer far behind must not make every read scan the log. */
export const LAG_COUNT_LIMIT = 100_000;

/** Every consumer's checkpoint and how far behind the log it is, by consumer id. */
export async function readConsumerLag(sql: Queryable): Promise<ConsumerLag[]> {
  const rows = await sql<{ consumer_id: string; tx_id: string; global_position: string; lag_events: number; lag_seconds: number; updated_at: Date }[]>`
    select c.consumer_id, c.tx_id::text, c.global_position::text, c.updated_at, l.lag_events, l.lag_seconds
    from consumer_checkpoints c
    cross join lateral (
      select
        (select count(*)::int from (select 1 from events e where (e.tx_id, e.global_position) > (c.tx_id, c.global_position) limit ${LAG_COUNT_LIMIT}) n) as lag_events,
        coalesce(extract(epoch from now() - (
          select e.recorded_at from events e where (e.tx_id, e.global_position) > (c.tx_id, c.global_position) order by e.tx_id, e.global_position limit 1
        )), 0)::float8 as lag_seconds
    ) l
    order by c.consumer_id`;
  return rows.map((r) => ({
    consumerId: r.consumer_id,
    position: { txId: r.tx_id, globalPosition: Number(r.global_position) },
    lagEvents: r.lag_events,
    lagSeconds: Math.max(0, r.lag_seconds),
    updatedAt: r.updated_at,
  }));
}
