import type { Sql } from "@vigie/db";
import { nextPosition, readPartitionBounds } from "./list-partitions.ts";

export interface PreparePartitionsOptions {
  /** Empty partitions kept after the one the next position falls in. @defaultValue 1 */
  ahead?: number;
  /** When the current partition is this full, one more is created. @defaultValue 0.8 */
  fill?: number;
  /** Positions per new partition. @defaultValue the size of the last partition */
  size?: number;
}

export interface CreatedPartition {
  name: string;
  lower: number;
  upper: number;
}

/** Serialises concurrent maintenance runs (cron, `vigie start`, tests): each one sees the others' partitions. */
const MAINTENANCE_LOCK = 7_146_550_014;
const DEFAULT_SIZE = 10_000_000;

/**
 * Creates the partitions the log will need next: `ahead` empty ones after the current partition
 * (the one holding the next position), plus one when the current is `fill` full. An append whose
 * position has no partition fails, so this must run well before the last one fills up: cron runs
 * `vigie maintenance` every few minutes and `vigie start` runs it once (see docs/scaling.md).
 * Needs the owner, or vigie_app through the SECURITY DEFINER function `vigie_events_add_partition`.
 */
export async function preparePartitions(sql: Sql, options: PreparePartitionsOptions = {}): Promise<CreatedPartition[]> {
  const ahead = options.ahead ?? 1;
  const fillThreshold = options.fill ?? 0.8;
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MAINTENANCE_LOCK})`;
    const partitions = await readPartitionBounds(tx);
    const next = await nextPosition(tx);
    const last = partitions.at(-1);
    const size = options.size ?? (last ? last.upper - last.lower : DEFAULT_SIZE);
    let end = last?.upper ?? 0;
    const current = partitions.find((p) => p.lower <= next && next < p.upper);
    // No partition for the next position: appends are failing; cover it first.
    const fill = current ? (next - current.lower) / (current.upper - current.lower) : 1;
    let wanted = ahead + (current && fill >= fillThreshold ? 1 : 0);
    if (!current) wanted += Math.ceil((next + 1 - end) / size);
    const beyond = current ? partitions.filter((p) => p.lower >= current.upper).length : 0;
    const created: CreatedPartition[] = [];
    for (let i = beyond; i < wanted; i++) {
      const [row] = await tx<{ name: string }[]>`select vigie_events_add_partition(${end}, ${end + size}) as name`;
      created.push({ name: row?.name ?? "", lower: end, upper: end + size });
      end += size;
    }
    return created;
  });
}
