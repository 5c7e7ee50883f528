import type { Sql } from "@vigie/db";
import { CheckpointConflictError, loadCheckpoint, readAll, START, storeCheckpoint } from "@vigie/event-store";
import { applyEvents, checkpointName, type Projection } from "./projection.ts";

/**
 * Brings a projection to the head of the log now, when no live instance runs it (a command line
 * used without `vigie start`): takes its lock without waiting, applies the pages after its
 * checkpoint as the live consumer would (rows and checkpoint in one transaction), lets go.
 * Returns false, doing nothing, when a live instance holds the lock: that one keeps it current.
 */
export async function catchUpProjection(sql: Sql, projection: Projection, options: { batchSize?: number } = {}): Promise<boolean> {
  const name = checkpointName(projection);
  const lock = await sql.reserve();
  try {
    const [row] = await lock<{ ok: boolean }[]>`select pg_try_advisory_lock(hashtextextended(${`vigie-consumer:${name}`}, 0)) as ok`;
    if (!row?.ok) return false;
    for (;;) {
      const checkpoint = await loadCheckpoint(sql, name);
      const page = await readAll(sql, checkpoint ?? START, { limit: options.batchSize ?? 1000, types: projection.types });
      const from = checkpoint ?? START;
      if (page.next.txId === from.txId && page.next.globalPosition === from.globalPosition) return true;
      await sql.begin(async (tx) => {
        await applyEvents(tx, projection, page.events);
        // Compare-and-set as the live consumer's: a rebuild that ignored the lock is not overwritten.
        if (!(await storeCheckpoint(tx, name, checkpoint, page.next))) throw new CheckpointConflictError(name);
      });
      if (page.caughtUp) return true;
    }
  } finally {
    await lock`select pg_advisory_unlock_all()`.catch(() => {});
    lock.release();
  }
}
