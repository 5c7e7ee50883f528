import type { Queryable, Sql } from "@vigie/db";
import { CheckpointConflictError } from "./errors/checkpoint-conflict-error.ts";
import { loadCheckpoint, storeCheckpoint } from "./checkpoints.ts";
import { readAll } from "./read-all.ts";
import { START, type Position, type RecordedEvent } from "./types.ts";

export interface ConsumerOptions {
  /** Checkpoint key; one running instance per name (advisory lock). */
  name: string;
  /**
   * Handles one page. With `transactional` (default), it runs inside the transaction that moves
   * the checkpoint: projection rows and checkpoint commit together. Without, it runs first (e.g.
   * enqueueing idempotent jobs) and the checkpoint moves afterwards: at-least-once delivery.
   */
  handle: (events: RecordedEvent[], sql: Queryable) => Promise<void>;
  /** @defaultValue true */
  transactional?: boolean;
  /**
   * Where pages of the log are read: a hot standby (DATABASE_READ_URL) takes the reads off the
   * primary. The checkpoint is loaded and moved by compare-and-set on `sql` (the primary), so a
   * lagging standby only delays the consumer: it never skips nor repeats a page. @defaultValue sql
   */
  readSql?: Queryable;
  /** Only these event types reach `handle` (the checkpoint still passes the others). */
  types?: readonly string[];
  /** @defaultValue 500 */
  batchSize?: number;
  /** Poll backoff bounds when caught up, in ms. @defaultValue 50 and 1000 */
  minPollMs?: number;
  maxPollMs?: number;
  /** Stops the loop; the current page finishes first. */
  signal?: AbortSignal;
  /** Register a callback that wakes the loop early (e.g. a Redis subscription); returns an unsubscribe. */
  wake?: (wakeUp: () => void) => () => void;
  /** Called after each committed page. */
  onProgress?: (info: { position: Position; handled: number; caughtUp: boolean }) => void;
  /** Called when a page fails; the loop backs off and retries the page. @defaultValue rethrow */
  onError?: (err: unknown) => void;
}

const lockKey = (name: string) => `vigie-consumer:${name}`;

/**
 * Runs a checkpointed consumer of the log until `signal` aborts. Only one instance per name
 * runs at a time: others wait on the advisory lock, so a standby takes over when the active one
 * dies (its session ends and the lock is released).
 */
export async function runConsumer(sql: Sql, options: ConsumerOptions): Promise<void> {
  const minPoll = options.minPollMs ?? 50;
  const maxPoll = options.maxPollMs ?? 1000;
  const batchSize = options.batchSize ?? 500;
  const transactional = options.transactional ?? true;
  const signal = options.signal;
  let wakeUp: (() => void) | undefined;
  const unsubscribe = options.wake?.(() => wakeUp?.());
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeUp = done;
      signal?.addEventListener("abort", done, { once: true });
    });

  const lock = await sql.reserve();
  const key = lockKey(options.name);
  // Re-asked before every page: after a lost connection (a Postgres restart) the session that
  // held the lock is gone, and this instance must become a standby again if another took over.
  // The lock is re-entrant, so asking again while holding it is cheap and harmless.
  const holdLock = async () => {
    const [row] = await lock<{ ok: boolean }[]>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as ok`;
    return row?.ok === true;
  };
  try {
    let delay = minPoll;
    while (!signal?.aborted) {
      try {
        if (!(await holdLock())) {
          await sleep(maxPoll);
          continue;
        }
        const checkpoint = await loadCheckpoint(sql, options.name);
        const page = await readAll(options.readSql ?? sql, checkpoint ?? START, { limit: batchSize, types: options.types });
        const moved = page.next.txId !== (checkpoint ?? START).txId || page.next.globalPosition !== (checkpoint ?? START).globalPosition;
        if (moved) {
          const commit = async (tx: Queryable) => {
            if (!(await storeCheckpoint(tx, options.name, checkpoint, page.next))) throw new CheckpointConflictError(options.name);
          };
          if (transactional) {
            await sql.begin(async (tx) => {
              if (page.events.length > 0) await options.handle(page.events, tx);
              await commit(tx);
            });
          } else {
            if (page.events.length > 0) await options.handle(page.events, sql);
            await commit(sql);
          }
          options.onProgress?.({ position: page.next, handled: page.events.length, caughtUp: page.caughtUp });
        }
        if (page.caughtUp) {
          await sleep(delay);
          delay = Math.min(maxPoll, delay * 2);
        } else delay = minPoll;
      } catch (err) {
        if (!options.onError) throw err;
        options.onError(err);
        await sleep(maxPoll);
      }
    }
  } finally {
    unsubscribe?.();
    await lock`select pg_advisory_unlock_all()`.catch(() => {});
    lock.release();
  }
}
