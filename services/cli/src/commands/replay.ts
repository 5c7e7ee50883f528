import { Command, Option } from "commander";
import type { Sql } from "@vigie/db";
import type { DeliverAlertJob, PollFeedJob } from "@vigie/contracts";
import { eventsExist, formatPosition, readAll, resolvePosition, type Position, type RecordedEvent } from "@vigie/event-store";
import { articleJobId, createRedis, PipelineQueues, routeEvent, stageNames, type ArticleStageName, type JobAction, type StageName } from "@vigie/queue";
import { alertDeliveredEventId, alertFailedEventId, recordedOutcomeIds, type ArticleStage } from "@vigie/streams";
import { openContext } from "../context.ts";
import { print } from "../output.ts";

/** The stage that records each queue's outcomes: an article job whose outcome (success or failure) is recorded is skipped. */
const outcomeStages: Record<ArticleStageName, ArticleStage> = { fetch: "fetcher", dedup: "deduplicator", tag: "tagger", story: "story" };

export interface ReplayOptions {
  sql: Sql;
  queues: PipelineQueues;
  stage: StageName;
  /** Exclusive lower bound. */
  from: Position;
  /** Inclusive upper bound. @defaultValue the committed head */
  to?: Position | undefined;
  dryRun?: boolean;
  /** Events read per page. @defaultValue 1000 */
  pageSize?: number;
}

export interface ReplaySummary {
  stage: StageName;
  from: string;
  to: string | null;
  dryRun: boolean;
  /** Events read in the range. */
  scanned: number;
  /** Events that cause a job of the stage. */
  matched: number;
  /** Jobs whose outcome event is already in the log: the stage would skip them, so not enqueued. */
  alreadyRecorded: number;
  /** Jobs still in the queue under the same id (waiting, active, delayed, completed or failed). */
  alreadyQueued: number;
  /** Jobs added (with --dry-run: that would be added). */
  enqueued: number;
  /** Position of the last event read. */
  last: string | null;
}

type ReplayJob =
  | { kind: "poll"; jobId: string; poll: PollFeedJob; outcomes: string[] }
  | { kind: "article"; jobId: string; action: JobAction; outcomes: string[] }
  | { kind: "alert"; jobId: string; alert: Extract<DeliverAlertJob, { mode: "each" }>; outcomes: string[] };

/** The stage's jobs caused by `event`, built exactly as the dispatcher builds them (job id = event id). */
function jobsFor(event: RecordedEvent, stage: StageName): ReplayJob[] {
  return routeEvent(event).flatMap((a): ReplayJob[] => {
    if (stage === "poll") {
      // Polls are scheduled, not caused: replaying them means one poll now per feed (re)registered
      // in the range. The poll's own event id derives from the job id, so a re-run polls nothing twice.
      const caused = a.kind === "schedule" && (event.type === "FeedRegistered" || event.type === "FeedEnabled");
      return caused ? [{ kind: "poll", jobId: event.eventId, poll: a.poll, outcomes: [] }] : [];
    }
    if (stage === "alert") {
      // A match's first delivery, when no attempt of it is recorded (its job was lost with Redis).
      // Sending again what was delivered or failed is `vigie watches redeliver`.
      if (a.kind !== "alert") return [];
      const { watchId, eventId } = a.job;
      return [{ kind: "alert", jobId: eventId, alert: a.job, outcomes: [alertDeliveredEventId(watchId, eventId), alertFailedEventId(watchId, eventId, 1)] }];
    }
    if (a.kind !== "job" || a.stage !== stage) return [];
    return [{ kind: "article", jobId: articleJobId(a.job), action: a, outcomes: recordedOutcomeIds(outcomeStages[a.stage], a.job) }];
  });
}

/**
 * Re-enqueues one stage's jobs from the log. Idempotent: job ids are the causing events' ids (as
 * the dispatcher's), jobs still queued are left alone, and jobs whose outcome is recorded are
 * skipped, so running it twice enqueues nothing the second time.
 */
export async function replayStage(options: ReplayOptions): Promise<ReplaySummary> {
  const queue = options.queues.byStage[options.stage];
  const summary: ReplaySummary = {
    stage: options.stage,
    from: formatPosition(options.from),
    to: options.to ? formatPosition(options.to) : null,
    dryRun: options.dryRun ?? false,
    scanned: 0,
    matched: 0,
    alreadyRecorded: 0,
    alreadyQueued: 0,
    enqueued: 0,
    last: null,
  };
  const beyond = (e: RecordedEvent) =>
    options.to !== undefined && (BigInt(e.txId) > BigInt(options.to.txId) || (e.txId === options.to.txId && e.globalPosition > options.to.globalPosition));
  let after = options.from;
  for (;;) {
    const page = await readAll(options.sql, after, { limit: options.pageSize ?? 1000 });
    const inRange = page.events.filter((e) => !beyond(e));
    summary.scanned += inRange.length;
    const last = inRange.at(-1);
    if (last) summary.last = formatPosition(last);
    const jobs = inRange.flatMap((e) => jobsFor(e, options.stage));
    summary.matched += jobs.length;
    const recorded = await eventsExist(
      options.sql,
      jobs.flatMap((j) => j.outcomes),
    );
    const pending = jobs.filter((j) => !j.outcomes.some((id) => recorded.has(id)));
    summary.alreadyRecorded += jobs.length - pending.length;
    const states = await Promise.all(pending.map((j) => queue.getJobState(j.jobId)));
    const missing = pending.filter((_, i) => states[i] === "unknown");
    summary.alreadyQueued += pending.length - missing.length;
    if (!summary.dryRun) await enqueue(options.queues, missing);
    summary.enqueued += missing.length;
    if (page.caughtUp || inRange.length < page.events.length) break;
    after = page.next;
  }
  return summary;
}

async function enqueue(pipeline: PipelineQueues, jobs: ReplayJob[]): Promise<void> {
  for (const j of jobs) if (j.kind === "poll") await pipeline.addPoll(j.poll, j.jobId);
  await pipeline.addJobs(jobs.flatMap((j) => (j.kind === "article" ? [j.action] : [])));
  await pipeline.addAlertJobs(jobs.flatMap((j) => (j.kind === "alert" ? [j.alert] : [])));
}

export function replayCommand(): Command {
  return new Command("replay")
    .description(
      "re-enqueue one stage's jobs from the log (idempotent: job id = causing event id as the dispatcher's; queued jobs and jobs whose outcome is recorded are skipped)",
    )
    .addOption(
      new Option(
        "--stage <stage>",
        "the stage to replay; poll: one poll now per feed registered or enabled in the range; alert: first deliveries of matches with no attempt recorded (to send again what was delivered or failed: vigie watches redeliver); digest: nothing (schedules)",
      )
        .choices(stageNames)
        .makeOptionMandatory(),
    )
    .requiredOption("--from <position>", "start after this position ('start', <txId>.<globalPosition>, an API cursor), or from global position n included")
    .option("--to <position>", "stop at this position, included (same forms; default: the committed head)")
    .option("--dry-run", "count what would be enqueued, enqueue nothing")
    .option("--json", "print the summary as JSON")
    .addHelpText("after", "\nExamples:\n  vigie replay --stage tag --from start --dry-run\n  vigie replay --stage fetch --from 1200 --to 1500 --json\n")
    .action(async (options: { stage: StageName; from: string; to?: string; dryRun?: boolean; json?: boolean }) => {
      const ctx = openContext({ max: 2 });
      const redis = createRedis(ctx.config.REDIS_URL, { name: "vigie-replay", clusterNodes: ctx.config.REDIS_CLUSTER_NODES });
      const pipeline = new PipelineQueues(redis, ctx.config.REDIS_PREFIX);
      try {
        const from = await resolvePosition(ctx.sql, options.from, { bound: "from" });
        const to = options.to === undefined ? undefined : await resolvePosition(ctx.sql, options.to, { bound: "to" });
        const summary = await replayStage({ sql: ctx.sql, queues: pipeline, stage: options.stage, from, to, dryRun: options.dryRun });
        ctx.logger.debug({ ...summary }, "replay done");
        print(options, summary, () =>
          [
            `${summary.dryRun ? "dry run: " : ""}stage ${summary.stage}, events after ${summary.from}${summary.to ? ` up to ${summary.to}` : ""}: ${summary.scanned} read, ${summary.matched} cause a job`,
            `  ${summary.alreadyRecorded} already have their outcome (skipped), ${summary.alreadyQueued} still queued (skipped)`,
            `  ${summary.enqueued} ${summary.dryRun ? "would be enqueued" : "enqueued"}`,
          ].join("\n"),
        );
      } finally {
        await pipeline.close();
        redis.disconnect();
        await ctx.close();
      }
    });
}
