import type { Sql } from "@vigie/db";
import { runConsumer, type RecordedEvent } from "@vigie/event-store";
import type { Logger } from "@vigie/logger";
import { queues, type StageName } from "./queues.ts";
import { schedulerId, type PipelineQueues } from "./pipeline-queues.ts";
import { routeEvent, type DispatchAction } from "./route-event.ts";

export interface DispatcherOptions {
  sql: Sql;
  queues: PipelineQueues;
  logger: Logger;
  signal: AbortSignal;
  /** Checkpoint name. @defaultValue "dispatcher" */
  name?: string;
  /** Early wake-up hook (Redis publish after append). */
  wake?: (wakeUp: () => void) => () => void;
  defaultPollEveryMs?: number;
  /** @defaultValue 500 */
  batchSize?: number;
}

/**
 * Turns committed events into stage jobs, in log order, from a checkpoint. Jobs are enqueued
 * before the checkpoint moves (at-least-once); job id = event id makes the repeat harmless.
 * Stages never enqueue each other.
 */
export async function runDispatcher(options: DispatcherOptions): Promise<void> {
  const log = options.logger.child({ component: "dispatcher" });
  const apply = async (events: RecordedEvent[]) => {
    const jobs = new Map<StageName, { name: string; data: Record<string, unknown>; opts: { jobId: string } }[]>();
    const schedules: DispatchAction[] = [];
    for (const event of events) {
      for (const action of routeEvent(event, { defaultPollEveryMs: options.defaultPollEveryMs })) {
        if (action.kind === "job") {
          const list = jobs.get(action.stage) ?? [];
          list.push({ name: queues[action.stage].name, data: action.data, opts: { jobId: action.jobId } });
          jobs.set(action.stage, list);
        } else schedules.push(action);
      }
    }
    await Promise.all([...jobs].map(([stage, list]) => options.queues.byStage[stage].addBulk(list)));
    // Schedules in log order: a FeedRemoved after a FeedPolled must win.
    for (const action of schedules) {
      const poll = options.queues.byStage.poll;
      if (action.kind === "schedule") {
        await poll.upsertJobScheduler(
          schedulerId(action.feedId),
          { every: action.everyMs, ...(action.startAt !== undefined ? { startDate: action.startAt } : {}) },
          // One attempt: a failed poll is recorded at once; the schedule is the retry.
          { name: queues.poll.name, data: { feedId: action.feedId, ...(action.host ? { host: action.host } : {}) }, opts: { attempts: 1 } },
        );
      } else if (action.kind === "unschedule") {
        await poll.removeJobScheduler(schedulerId(action.feedId));
      }
    }
    if (events.length > 0) log.debug({ events: events.length, jobs: [...jobs.values()].reduce((n, l) => n + l.length, 0) }, "dispatched");
  };
  await runConsumer(options.sql, {
    name: options.name ?? "dispatcher",
    transactional: false,
    batchSize: options.batchSize ?? 500,
    signal: options.signal,
    wake: options.wake,
    handle: apply,
    onError: (err) => log.error({ err }, "dispatch failed, retrying"),
  });
}
