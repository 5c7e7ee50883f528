import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "@vigie/event-store";
import { routeEvent } from "./route-event.ts";

const event = (type: string, data: Record<string, unknown>, metadata: Record<string, unknown> = {}): RecordedEvent => ({
  eventId: "e1",
  streamId: "s",
  streamVersion: 1,
  type,
  schemaVersion: 1,
  storedSchemaVersion: 1,
  data,
  metadata,
  txId: "1",
  globalPosition: 1,
  recordedAt: new Date("2024-12-01T00:00:00Z"),
});

describe("routeEvent", () => {
  it("sends each article event to the next stage with the event id as job id and the chain's correlation id", () => {
    expect(routeEvent(event("ArticleDiscovered", { articleId: "a", url: "http://x/1" }, { correlationId: "c" }))).toEqual([
      { kind: "job", stage: "fetch", job: { articleId: "a", eventId: "e1", correlationId: "c", url: "http://x/1" } },
    ]);
    expect(routeEvent(event("ArticleFetched", { articleId: "a" }))[0]).toMatchObject({ stage: "dedup", job: { eventId: "e1", correlationId: "e1" } });
    expect(routeEvent(event("ArticleAccepted", { articleId: "a" }))[0]).toMatchObject({ stage: "tag" });
    expect(routeEvent(event("ArticleRevised", { articleId: "a" }))[0]).toMatchObject({ stage: "tag" });
    expect(routeEvent(event("EntitiesTagged", { articleId: "a" }))[0]).toMatchObject({ stage: "story", job: { articleId: "a", eventId: "e1" } });
    for (const terminal of [
      "ArticleDuplicateDetected",
      "ArticleFetchFailed",
      "ArticleDedupFailed",
      "StoryStarted",
      "ArticleJoinedStory",
      "StoriesMerged",
      "ArticleStoryFailed",
    ]) {
      expect(routeEvent(event(terminal, { articleId: "a" }))).toEqual([]);
    }
  });

  it("schedules feeds: at once when registered, one interval after each poll, never after removal", () => {
    expect(routeEvent(event("FeedRegistered", { feedId: "f", url: "http://news.test:8080/rss" }), { defaultPollEveryMs: 60_000 })).toEqual([
      { kind: "schedule", poll: { feedId: "f", host: "news.test:8080" }, everyMs: 60_000 },
    ]);
    const start = Date.parse("2024-12-01T00:00:00Z");
    expect(routeEvent(event("FeedPolled", { feedId: "f", url: "http://n.test/rss", nextPollSeconds: 600 }))).toEqual([
      { kind: "schedule", poll: { feedId: "f", host: "n.test" }, everyMs: 600_000, startAt: start + 600_000 },
    ]);
    expect(routeEvent(event("FeedPollFailed", { feedId: "f", url: "http://n.test/rss", retryInSeconds: 120 }))[0]).toMatchObject({ everyMs: 120_000 });
    expect(routeEvent(event("FeedDisabled", { feedId: "f" }))).toEqual([{ kind: "unschedule", feedId: "f" }]);
    expect(routeEvent(event("FeedRemoved", { feedId: "f" }))).toEqual([{ kind: "unschedule", feedId: "f" }]);
    expect(routeEvent(event("SomethingElse", { feedId: "f" }))).toEqual([]);
  });
});
