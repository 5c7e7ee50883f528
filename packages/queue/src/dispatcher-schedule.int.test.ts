import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueHarness, sleep, type QueueHarness } from "../test/harness.ts";
import { runDispatcher } from "./dispatcher.ts";
import { PipelineQueues, schedulerId } from "./pipeline-queues.ts";

const feedEvent = (feedId: string, type: string, data: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  streamId: `feed:${feedId}`,
  type,
  data: { feedId, ...data },
});

describe("dispatcher schedules", () => {
  let h: QueueHarness;
  let queues: PipelineQueues;
  beforeAll(async () => {
    h = await createQueueHarness();
    queues = new PipelineQueues(h.redis, h.prefix);
  });
  afterAll(async () => {
    await queues?.close();
    await h?.close();
  });

  it("does not schedule a disabled or removed feed whose interval is pinned, and schedules an active one", async () => {
    const url = "http://127.0.0.1:9/feed.xml";
    await h.store.append([
      feedEvent("off", "FeedRegistered", { url }),
      feedEvent("off", "FeedDisabled", { reason: "manual", consecutiveFailures: 0 }),
      feedEvent("off", "FeedIntervalPinned", { seconds: 30 }),
      feedEvent("gone", "FeedRegistered", { url }),
      feedEvent("gone", "FeedRemoved"),
      feedEvent("gone", "FeedIntervalPinned", { seconds: 30 }),
      feedEvent("on", "FeedRegistered", { url }),
      feedEvent("on", "FeedIntervalPinned", { seconds: 30 }),
    ]);
    const controller = new AbortController();
    const running = runDispatcher({ sql: h.app, queues, logger: h.logger, signal: controller.signal });
    try {
      // The active feed's pinned schedule comes last in the log: once it is there, the others were dispatched.
      for (let i = 0; i < 400 && (await queues.byStage.poll.getJobScheduler(schedulerId("on")))?.every !== 30_000; i++) await sleep(25);
      expect((await queues.byStage.poll.getJobScheduler(schedulerId("on")))?.every).toBe(30_000);
      expect(await queues.byStage.poll.getJobScheduler(schedulerId("off"))).toBeFalsy();
      expect(await queues.byStage.poll.getJobScheduler(schedulerId("gone"))).toBeFalsy();

      // Enabled again, the feed is scheduled; a pin appended while it is active applies at once.
      await h.store.append([feedEvent("off", "FeedEnabled"), feedEvent("off", "FeedIntervalPinned", { seconds: 45 })]);
      for (let i = 0; i < 400 && (await queues.byStage.poll.getJobScheduler(schedulerId("off")))?.every !== 45_000; i++) await sleep(25);
      expect((await queues.byStage.poll.getJobScheduler(schedulerId("off")))?.every).toBe(45_000);
    } finally {
      controller.abort();
      await running.catch(() => undefined);
    }
  });
});
