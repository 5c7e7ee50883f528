import { Queue, type DefaultJobOptions } from "bullmq";
import type { RedisConnection } from "./redis.ts";
import { queuePrefix } from "./queue-prefix.ts";
import type { DeliverAlertJob, PollFeedJob } from "@vigie/contracts";
import { defaultJobOptions, queues, scheduledStages, stageNames, type StageName } from "./queues.ts";
import type { ArticleJobs, ArticleStageName, JobAction } from "./route-event.ts";

/** An article job's id is the id of the event that caused it: enqueueing it twice is one job. */
export const articleJobId = (job: ArticleJobs[ArticleStageName]): string => job.eventId;

/** The poll scheduler of one feed (one per feed, upserted as its interval changes). */
export const schedulerId = (feedId: string) => `feed-${feedId}`;

/** The digest scheduler of one watch. */
export const digestSchedulerId = (watchId: string) => `watch-digest-${watchId}`;

/** The job id of a redelivery: its run and what it sends (BullMQ ids may not contain ':'). */
export function redeliveryJobId(job: DeliverAlertJob): string {
  if (!job.redelivery) throw new Error("not a redelivery");
  if (job.mode === "each") return `redeliver-${job.redelivery.run}-${job.eventId}`;
  return `redeliver-${job.redelivery.run}-digest-${job.redelivery.fromVersion}-${job.redelivery.throughVersion}`;
}

/** A digest run has one attempt: the next period is the retry (like polls). */
const DIGEST_OPTIONS = { attempts: 1 } as const;

// One attempt per poll: a failed poll is recorded at once; the schedule is the retry.
const POLL_OPTIONS = { attempts: 1 } as const;

/** Producer handles on the stage queues (one Redis connection shared). */
export class PipelineQueues {
  readonly byStage: Record<StageName, Queue>;

  /** `jobOptions` overrides the retry policy (tests shorten the backoff); `alertJobOptions` that of webhook deliveries on top. */
  constructor(connection: RedisConnection, prefix: string, jobOptions: DefaultJobOptions = {}, alertJobOptions: DefaultJobOptions = {}) {
    this.byStage = Object.fromEntries(
      stageNames.map((stage) => {
        const options = { ...defaultJobOptions, ...jobOptions, ...(stage === "alert" ? alertJobOptions : {}) };
        const queue = new Queue(queues[stage].name, { connection, prefix: queuePrefix(prefix, queues[stage].name), defaultJobOptions: options });
        // Connection errors while Redis restarts: the calls that need Redis fail and are retried.
        queue.on("error", () => {});
        return [stage, queue];
      }),
    ) as Record<StageName, Queue>;
  }

  /** Enqueues article jobs of one stage (typed producer: the payload is the stage's, the id built here). */
  async addArticleJobs<S extends ArticleStageName>(stage: S, jobs: readonly ArticleJobs[S][]): Promise<void> {
    if (jobs.length === 0) return;
    await this.byStage[stage].addBulk(jobs.map((job) => ({ name: queues[stage].name, data: job, opts: { jobId: articleJobId(job) } })));
  }

  /** Enqueues routed article jobs of any stages, one bulk add per stage. */
  async addJobs(actions: readonly JobAction[]): Promise<void> {
    const jobs: { [S in ArticleStageName]: ArticleJobs[S][] } = { fetch: [], dedup: [], tag: [], story: [] };
    // (alert jobs have their own producer, addAlertJobs)
    for (const action of actions) {
      if (action.stage === "fetch") jobs.fetch.push(action.job);
      else if (action.stage === "dedup") jobs.dedup.push(action.job);
      else if (action.stage === "tag") jobs.tag.push(action.job);
      else jobs.story.push(action.job);
    }
    await Promise.all([
      this.addArticleJobs("fetch", jobs.fetch),
      this.addArticleJobs("dedup", jobs.dedup),
      this.addArticleJobs("tag", jobs.tag),
      this.addArticleJobs("story", jobs.story),
    ]);
  }

  /**
   * Enqueues one delivery per match; the job id is the `WatchMatched` event id, so a dispatcher
   * replay is ignored while the job is retained.
   */
  async addAlertJobs(jobs: readonly Extract<DeliverAlertJob, { mode: "each" }>[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.byStage.alert.addBulk(jobs.map((job) => ({ name: queues.alert.name, data: job, opts: { jobId: job.eventId } })));
  }

  /**
   * Enqueues a `vigie watches redeliver` run's deliveries on the alert queue (retried like any
   * delivery). Job ids carry the run, so a run does not collide with the first deliveries or
   * with another run. Returns the ids.
   */
  async addRedeliveries(jobs: readonly DeliverAlertJob[]): Promise<string[]> {
    const withIds = jobs.map((job) => ({ job, jobId: redeliveryJobId(job) }));
    if (withIds.length > 0) await this.byStage.alert.addBulk(withIds.map(({ job, jobId }) => ({ name: queues.alert.name, data: job, opts: { jobId } })));
    return withIds.map((j) => j.jobId);
  }

  /** One run of a digest watch's delivery now, outside its schedule (the pending matches after its last digest). */
  async addDigestRun(watchId: string, jobId: string): Promise<void> {
    await this.byStage.digest.add(queues.digest.name, { mode: "digest", watchId } satisfies DeliverAlertJob, { ...DIGEST_OPTIONS, jobId });
  }

  /** Delivers a digest watch's new matches every `everyMs`, starting one period from now; null removes the schedule. */
  async scheduleDigest(watchId: string, everyMs: number | null): Promise<void> {
    if (everyMs === null) {
      await this.byStage.digest.removeJobScheduler(digestSchedulerId(watchId));
      return;
    }
    await this.byStage.digest.upsertJobScheduler(
      digestSchedulerId(watchId),
      { every: everyMs, startDate: Date.now() + everyMs },
      { name: queues.digest.name, data: { mode: "digest", watchId } satisfies DeliverAlertJob, opts: DIGEST_OPTIONS },
    );
  }

  /** Polls a feed every `everyMs`, the first time at `startAt` (ms epoch; undefined: at once). */
  async schedulePoll(poll: PollFeedJob, everyMs: number, startAt?: number): Promise<void> {
    await this.byStage.poll.upsertJobScheduler(
      schedulerId(poll.feedId),
      { every: everyMs, ...(startAt === undefined ? {} : { startDate: startAt }) },
      { name: queues.poll.name, data: poll, opts: POLL_OPTIONS },
    );
  }

  async unschedulePoll(feedId: string): Promise<void> {
    await this.byStage.poll.removeJobScheduler(schedulerId(feedId));
  }

  /** One poll now, outside the schedule (a replay); `jobId` keeps it idempotent. */
  async addPoll(poll: PollFeedJob, jobId: string): Promise<void> {
    await this.byStage.poll.add(queues.poll.name, poll, { ...POLL_OPTIONS, jobId });
  }

  /** Job counts per stage, for `vigie status` and the e2e tests' idle check. */
  async counts(): Promise<Record<StageName, Record<string, number>>> {
    const entries = await Promise.all(
      stageNames.map(
        async (stage) => [stage, await this.byStage[stage].getJobCounts("wait", "active", "delayed", "failed", "completed", "prioritized")] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<StageName, Record<string, number>>;
  }

  /** True when no stage has waiting, active or delayed work (scheduled polls excluded). */
  async isIdle(): Promise<boolean> {
    const counts = await this.counts();
    return stageNames.every((s) => {
      const c = counts[s];
      const delayed = scheduledStages.has(s) ? 0 : (c.delayed ?? 0);
      return (c.wait ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + delayed === 0;
    });
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.byStage).map((q) => q.close()));
  }
}
