import type { Sql } from "@vigie/db";
import { feedStreamId } from "@vigie/contracts";
import { readLastOfTypes, runConsumer, type RecordedEvent } from "@vigie/event-store";
import { feedStatusAfter, feedStatusEventTypes } from "@vigie/streams";
import type { Logger } from "@vigie/logger";
import type { PipelineQueues } from "./pipeline-queues.ts";
import { routeEvent, type DispatchAction, type JobAction } from "./route-event.ts";

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
 * Whether a feed is active now, from its latest status event (not the status when the event being
 * dispatched was appended: a replay must not schedule a feed disabled since).
 */
async function feedIsActive(sql: Sql, feedId: string): Promise<boolean> {
  const last = await readLastOfTypes(sql, feedStreamId(feedId), feedStatusEventTypes);
  return last !== undefined && feedStatusAfter(last.type) === "active";
}

/**
 * Turns committed events into stage jobs, in log order, from a checkpoint. Jobs are enqueued
 * before the checkpoint moves (at-least-once); job id = event id makes the repeat harmless.
 * Stages never enqueue each other.
 */
export async function runDispatcher(options: DispatcherOptions): Promise<void> {
  const log = options.logger.child({ component: "dispatcher" });
  const apply = async (events: RecordedEvent[]) => {
    const jobs: JobAction[] = [];
    const alerts: Extract<DispatchAction, { kind: "alert" }>["job"][] = [];
    const schedules: Exclude<DispatchAction, { kind: "job" | "alert" }>[] = [];
    for (const event of events) {
      for (const action of routeEvent(event, { defaultPollEveryMs: options.defaultPollEveryMs })) {
        if (action.kind === "job") jobs.push(action);
        else if (action.kind === "alert") alerts.push(action.job);
        else schedules.push(action);
      }
    }
    await Promise.all([options.queues.addJobs(jobs), options.queues.addAlertJobs(alerts)]);
    // Schedules in log order: a FeedRemoved after a FeedPolled must win.
    for (const action of schedules) {
      if (action.kind === "schedule") {
        if (action.ifActive && !(await feedIsActive(options.sql, action.poll.feedId))) {
          log.debug({ feedId: action.poll.feedId }, "schedule skipped, feed not active");
          continue;
        }
        await options.queues.schedulePoll(action.poll, action.everyMs, action.startAt);
      } else if (action.kind === "unschedule") await options.queues.unschedulePoll(action.feedId);
      else await options.queues.scheduleDigest(action.watchId, action.everyMs);
    }
    if (events.length > 0) log.debug({ events: events.length, jobs: jobs.length }, "dispatched");
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
