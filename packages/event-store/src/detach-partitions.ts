import type { Queryable, Sql } from "@vigie/db";
import { PartitionDetachRefusedError } from "./errors/partition-detach-refused-error.ts";
import { listPartitions, nextPosition, type EventPartition } from "./list-partitions.ts";

export interface DetachOptions {
  /** Also detach partitions holding events of streams that go on after them (see below). @defaultValue false */
  allowOpenStreams?: boolean;
  /** Called before and after each partition is detached. */
  onProgress?: (step: { partition: string; phase: "checked" | "detached" }) => void;
}

interface Checkpoint {
  consumer_id: string;
  tx_id: string;
  global_position: string;
}

/**
 * Detaches (CONCURRENTLY) every partition whose range ends at or before `position`, to be dumped
 * and dropped by the operator. Refuses, before touching anything, unless for each of them:
 * - the sequence has handed out every position of its range (it can receive no new row);
 * - every checkpoint of `consumer_checkpoints` is past all its rows in the read order
 *   (tx_id, global_position): no row of it is after a checkpoint, so no consumer can still need it;
 * - no stream that has events in it goes on after it, unless `allowOpenStreams` (reading such a
 *   stream, e.g. a feed's, would then miss its first events).
 * A transaction that took a position in the range but had not inserted its row when the checks
 * ran is waited for by DETACH CONCURRENTLY; the checks run again on the detached table and the
 * partition is attached back if one of them now fails.
 * `event_ids` and `stream_heads` keep the detached events' ids and versions: an archived id is
 * never appended again. The detached tables keep refusing UPDATE, DELETE and TRUNCATE (DROP them
 * once dumped). Needs the owner. Returns the names of the detached tables.
 */
export async function detachPartitionsBefore(sql: Sql, position: number, options: DetachOptions = {}): Promise<string[]> {
  const next = await nextPosition(sql);
  const targets = (await listPartitions(sql)).filter((p) => p.upper <= position);
  const checkpoints = await sql<Checkpoint[]>`select consumer_id, tx_id::text, global_position::text from consumer_checkpoints order by consumer_id`;
  if (targets.length === 0) return [];
  if (checkpoints.length === 0) {
    throw new PartitionDetachRefusedError("no consumer checkpoint is registered: nothing shows that the events were read");
  }
  for (const partition of targets) {
    if (partition.upper > next) {
      throw new PartitionDetachRefusedError(`${partition.name} can still receive events: the log has not reached position ${partition.upper}`);
    }
    await check(sql, partition, "events", checkpoints, options);
    options.onProgress?.({ partition: partition.name, phase: "checked" });
  }
  const detached: string[] = [];
  for (const partition of targets) {
    const ident = quote(partition.name);
    await sql.unsafe(`alter table events detach partition ${ident} concurrently`);
    try {
      await check(sql, partition, ident, checkpoints, options);
    } catch (err) {
      await sql.unsafe(`alter table events attach partition ${ident} for values from (${partition.lower}) to (${partition.upper})`);
      throw err;
    }
    // The row triggers cloned from `events` left with the partition: the archive keeps refusing changes.
    await sql.unsafe(`create trigger events_no_update_delete before update or delete on ${ident} for each row execute function vigie_refuse_change()`);
    detached.push(partition.name);
    options.onProgress?.({ partition: partition.name, phase: "detached" });
  }
  return detached;
}

/** The refusals above, on the partition's range of `events` or on the detached table. */
async function check(sql: Queryable, partition: EventPartition, table: string, checkpoints: Checkpoint[], options: DetachOptions): Promise<void> {
  const range = "e.global_position >= $1 and e.global_position < $2";
  const behind: string[] = [];
  for (const c of checkpoints) {
    const [row] = await sql.unsafe<{ behind: boolean }[]>(
      `select exists (select 1 from ${table} e where ${range} and (e.tx_id, e.global_position) > ($3::xid8, $4::bigint)) as behind`,
      [partition.lower, partition.upper, c.tx_id, c.global_position],
    );
    if (row?.behind) behind.push(`${c.consumer_id} (at ${c.tx_id}/${c.global_position})`);
  }
  if (behind.length > 0) {
    throw new PartitionDetachRefusedError(`${partition.name} holds events that these consumers have not read: ${behind.join(", ")}`, behind);
  }
  if (options.allowOpenStreams) return;
  const open = await sql.unsafe<{ stream_id: string }[]>(
    `select s.stream_id from (select e.stream_id, max(e.stream_version) as version from ${table} e where ${range} group by e.stream_id) s
     join stream_heads h on h.stream_id = s.stream_id where h.version > s.version limit 3`,
    [partition.lower, partition.upper],
  );
  if (open.length > 0) {
    throw new PartitionDetachRefusedError(
      `${partition.name} holds events of streams that go on after it (${open.map((r) => r.stream_id).join(", ")}…): ` +
        "reading them would miss those events; pass allowOpenStreams (--allow-open-streams) to detach anyway",
    );
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
