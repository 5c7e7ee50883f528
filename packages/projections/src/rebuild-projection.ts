import type { Sql } from "@vigie/db";
import { readAll, START, type Position } from "@vigie/event-store";
import { applyEvents, checkpointName, type Projection } from "./projection.ts";

/** A live instance of the projection holds its lock: stop it before rebuilding. */
export class ProjectionBusyError extends Error {
  override name = "ProjectionBusyError";
}

/**
 * Rebuilds a projection from the start of the log: clears its tables and replays every event,
 * committing rows and checkpoint page by page. Takes the projection's lock, so no live instance
 * writes meanwhile; the live consumer resumes from the rebuilt checkpoint afterwards.
 */
export async function rebuildProjection(
  sql: Sql,
  projection: Projection,
  options: { batchSize?: number; onProgress?: (info: { events: number; position: Position }) => void } = {},
): Promise<{ events: number }> {
  const name = checkpointName(projection);
  const lock = await sql.reserve();
  try {
    const [row] = await lock<{ ok: boolean }[]>`select pg_try_advisory_lock(hashtextextended(${`vigie-consumer:${name}`}, 0)) as ok`;
    if (!row?.ok) throw new ProjectionBusyError(`projection ${projection.name} is running elsewhere (vigie start?): stop it, then rebuild`);
    await sql.begin(async (tx) => {
      for (const table of projection.tables) await tx.unsafe(`delete from ${table}`);
      await tx`
        insert into consumer_checkpoints (consumer_id, tx_id, global_position) values (${name}, '0', 0)
        on conflict (consumer_id) do update set tx_id = '0', global_position = 0, updated_at = now()`;
    });
    let position: Position = START;
    let events = 0;
    for (;;) {
      const page = await readAll(sql, position, { limit: options.batchSize ?? 1000, types: projection.types });
      await sql.begin(async (tx) => {
        await applyEvents(tx, projection, page.events);
        await tx`update consumer_checkpoints set tx_id = ${page.next.txId}::xid8, global_position = ${page.next.globalPosition}, updated_at = now()
                 where consumer_id = ${name}`;
      });
      events += page.events.length;
      position = page.next;
      options.onProgress?.({ events, position });
      if (page.caughtUp) return { events };
    }
  } finally {
    await lock`select pg_advisory_unlock_all()`.catch(() => {});
    lock.release();
  }
}
