import type { Queryable } from "@vigie/db";
import type { Position } from "./types.ts";

export interface LogStats {
  events: number;
  streams: number;
  /** 0 when the log is empty. */
  maxGlobalPosition: number;
  /** The last event in commit-safe order (null when empty): a position past everything written so far. */
  head: Position | null;
}

/** Size and head of the log. The counts scan every row: for tools and dashboards, not hot paths. */
export async function readLogStats(sql: Queryable): Promise<LogStats> {
  const [row] = await sql<{ n: number; streams: number; max: string | null; head_tx: string | null; head_position: string | null }[]>`
    select count(*)::int as n, count(distinct stream_id)::int as streams, max(global_position)::text as max,
      (select h.tx_id::text from events h order by h.tx_id desc, h.global_position desc limit 1) as head_tx,
      (select h.global_position::text from events h order by h.tx_id desc, h.global_position desc limit 1) as head_position
    from events`;
  return {
    events: row?.n ?? 0,
    streams: row?.streams ?? 0,
    maxGlobalPosition: row?.max ? Number(row.max) : 0,
    head: row?.head_tx && row.head_position ? { txId: row.head_tx, globalPosition: Number(row.head_position) } : null,
  };
}
