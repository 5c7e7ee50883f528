import { Queue, type DefaultJobOptions } from "bullmq";
import type { Redis } from "ioredis";
import { defaultJobOptions, queues, stageNames, type StageName } from "./queues.ts";

/** Producer handles on the stage queues (one Redis connection shared). */
export class PipelineQueues {
  readonly byStage: Record<StageName, Queue>;

  /** `jobOptions` overrides the retry policy (tests shorten the backoff). */
  constructor(connection: Redis, prefix: string, jobOptions: DefaultJobOptions = {}) {
    this.byStage = Object.fromEntries(
      stageNames.map((stage) => {
        const queue = new Queue(queues[stage].name, { connection, prefix, defaultJobOptions: { ...defaultJobOptions, ...jobOptions } });
        // Connection errors while Redis restarts: the calls that need Redis fail and are retried.
        queue.on("error", () => {});
        return [stage, queue];
      }),
    ) as Record<StageName, Queue>;
  }

  /** Job counts per stage, for `vigie status` and the e2e tests' idle check. */
  async counts(): Promise<Record<StageName, Record<string, number>>> {
    const entries = await Promise.all(
      stageNames.map(async (stage) => [stage, await this.byStage[stage].getJobCounts("wait", "active", "delayed", "failed", "completed", "prioritized")] as const),
    );
    return Object.fromEntries(entries) as Record<StageName, Record<string, number>>;
  }

  /** True when no stage has waiting, active or delayed work (scheduled polls excluded). */
  async isIdle(): Promise<boolean> {
    const counts = await this.counts();
    return stageNames.every((s) => {
      const c = counts[s];
      const delayed = s === "poll" ? 0 : (c.delayed ?? 0);
      return (c.wait ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + delayed === 0;
    });
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.byStage).map((q) => q.close()));
  }
}

export const schedulerId = (feedId: string) => `feed-${feedId}`;
