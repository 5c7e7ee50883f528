import { START } from "@vigie/event-store";
import { scheduledStages, type StageName } from "@vigie/queue";
import type { Runtime } from "@vigie/runtime";

/**
 * Resolves once the dispatcher has read the whole log, no stage has pending work, and that held
 * for `stableChecks` checks in a row. Returns false on timeout.
 */
export async function waitForIdle(
  runtime: Runtime,
  options: { timeoutMs?: number; intervalMs?: number; stableChecks?: number; onTick?: (info: { pending: number }) => void } = {},
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let stable = 0;
  while (Date.now() < deadline) {
    // Every consumer of the log (dispatcher, projections) must have read it all.
    const checkpoints = await runtime.sql<{ consumer_id: string; tx_id: string; global_position: string }[]>`
      select consumer_id, tx_id::text, global_position::text from consumer_checkpoints`;
    // The dispatcher feeds every queue: until it has a checkpoint, a non-empty log is work pending
    // (another consumer, e.g. the watcher, may have checkpointed first).
    const dispatcherStarted = checkpoints.some((c) => c.consumer_id === "dispatcher");
    let behind = dispatcherStarted ? 0 : (await runtime.store.readAll(START, { limit: 1 })).events.length;
    for (const c of checkpoints) {
      behind += (await runtime.store.readAll({ txId: c.tx_id, globalPosition: Number(c.global_position) }, { limit: 1 })).events.length;
    }
    const counts = await runtime.queues.counts();
    const pending = Object.entries(counts).reduce(
      (n, [stage, c]) => n + (c.wait ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + (scheduledStages.has(stage as StageName) ? 0 : (c.delayed ?? 0)),
      behind,
    );
    options.onTick?.({ pending });
    stable = pending === 0 ? stable + 1 : 0;
    if (stable >= (options.stableChecks ?? 3)) return true;
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
  return false;
}
