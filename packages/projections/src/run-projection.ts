import type { Sql } from "@vigie/db";
import { runConsumer } from "@vigie/event-store";
import { applyEvents, checkpointName, type Projection } from "./projection.ts";

export interface RunProjectionOptions {
  signal: AbortSignal;
  wake?: (wakeUp: () => void) => () => void;
  onError?: (err: unknown) => void;
  onProgress?: (info: { handled: number; caughtUp: boolean }) => void;
  /** @defaultValue 500 */
  batchSize?: number;
  /** Reads the log from this pool (a hot standby); rows and checkpoint commit on `sql`. @defaultValue sql */
  readSql?: Sql | undefined;
}

/** Keeps a projection up to date: its rows and its checkpoint commit in one transaction. */
export function runProjection(sql: Sql, projection: Projection, options: RunProjectionOptions): Promise<void> {
  return runConsumer(sql, {
    name: checkpointName(projection),
    types: projection.types,
    batchSize: options.batchSize ?? 500,
    ...(options.readSql ? { readSql: options.readSql } : {}),
    signal: options.signal,
    wake: options.wake,
    onError: options.onError,
    onProgress: options.onProgress,
    handle: (events, tx) => applyEvents(tx, projection, events),
  });
}
