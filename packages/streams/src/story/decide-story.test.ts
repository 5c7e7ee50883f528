import { describe, expect, it } from "vitest";
import { articleFailed, outcomeEventId, recordedOutcomeIds } from "../article/decide-article.ts";
import { decideStory, storyIdFor } from "./decide-story.ts";

const articleId = "a".repeat(64);
const job = { articleId, eventId: "00000000-0000-4000-8000-000000000009", correlationId: "00000000-0000-4000-8000-000000000001" };
const article = { revision: 1, language: "fr", publishedAt: "2026-03-02T08:00:00.000Z", signature: { "e:Q41183": 1 } };

describe("decideStory", () => {
  it("a start is one StoryStarted under the stage's outcome id, its story id derived from the job", () => {
    const storyId = storyIdFor(job);
    expect(storyId).toMatch(/^[0-9a-f]{16}$/);
    expect(storyIdFor({ ...job, eventId: "00000000-0000-4000-8000-00000000000a" })).not.toBe(storyId);
    const events = decideStory(job, article, { kind: "start", storyId, nearest: { storyId: "0123456789abcdef", score: 0.05 } });
    expect(events).toEqual([
      {
        eventId: outcomeEventId("story", job),
        type: "StoryStarted",
        data: { storyId, articleId, ...article, nearest: { storyId: "0123456789abcdef", score: 0.05 } },
        metadata: { correlationId: job.correlationId, causationId: job.eventId, producer: "story" },
      },
    ]);
  });

  it("a join carries its score and features, and each merge it bridged is its own event", () => {
    const explanation = { score: 0.4, entities: 0.9, terms: 0, crossLingual: 0.5, hours: 2, shared: ["e:Q41183"] };
    const events = decideStory(job, article, { kind: "join", storyId: "0123456789abcdef", explanation, merges: [{ storyId: "fedcba9876543210", score: 0.7 }] });
    expect(events.map((e) => e.type)).toEqual(["ArticleJoinedStory", "StoriesMerged"]);
    expect(events[0]).toMatchObject({
      eventId: outcomeEventId("story", job),
      data: { storyId: "0123456789abcdef", score: 0.4, entities: 0.9, shared: ["e:Q41183"] },
    });
    expect(events[1]).toMatchObject({ data: { storyId: "0123456789abcdef", mergedStoryId: "fedcba9876543210", articleId } });
    const again = decideStory(job, article, { kind: "join", storyId: "0123456789abcdef", explanation, merges: [{ storyId: "fedcba9876543210", score: 0.7 }] });
    expect(again.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it("a failure of the stage is ArticleStoryFailed under its own id", () => {
    const failed = articleFailed("story", job, { reason: "no-tagged-event", permanent: true, attempts: 1 });
    expect(failed).toMatchObject({ type: "ArticleStoryFailed", data: { articleId, reason: "no-tagged-event" } });
    expect(recordedOutcomeIds("story", job)).toEqual([outcomeEventId("story", job), failed.eventId]);
  });
});
