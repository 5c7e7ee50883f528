import { createHash, randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The test borrows the store to write the log the client reads.
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore } from "@vigie/event-store";
import type { StoryEvent } from "./follow-story.ts";
import { createVigieClient } from "./vigie-client.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const story = (name: string) => sha(`story:${name}`).slice(0, 16);
const A = story("A");
const B = story("B");
const C = story("C");
const at = "2026-03-01T10:00:00.000Z";
const score = { score: 0.4, entities: 0.5, terms: 0.3, crossLingual: 0.2, hours: 1, shared: ["e:Q43"] };

describe("followStory", () => {
  let db: TestDatabase;
  let sql: postgres.Sql;
  let store: EventStore;
  /** Appends one story decision on the article's stream; returns its event id. */
  const decide = async (article: string, type: "StoryStarted" | "ArticleJoinedStory", storyId: string, extra: Record<string, unknown> = {}) => {
    const articleId = sha(article);
    const eventId = randomUUID();
    const data = {
      storyId,
      articleId,
      revision: 1,
      language: "fr",
      publishedAt: at,
      signature: { "e:Q43": 1 },
      ...(type === "ArticleJoinedStory" ? score : {}),
      ...extra,
    };
    await store.appendToStream(`article:${articleId}`, [{ eventId, type, data }]);
    return eventId;
  };
  const merge = async (kept: string, gone: string, article: string) => {
    const eventId = randomUUID();
    await store.appendToStream(`article:${sha(article)}`, [
      { eventId, type: "StoriesMerged", data: { storyId: kept, mergedStoryId: gone, articleId: sha(article), score: 0.7 } },
    ]);
    return eventId;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = postgres(db.url, { max: 4, onnotice: () => {} });
    store = new EventStore(sql);
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it("yields the story's events, follows the story merged with it, sees a revision leave it, and keeps following live", async () => {
    const ids: Record<string, string> = {};
    ids.startA = await decide("a1", "StoryStarted", A);
    ids.startB = await decide("b1", "StoryStarted", B);
    await decide("c1", "StoryStarted", C);
    ids.joinA = await decide("a2", "ArticleJoinedStory", A);
    await decide("c2", "ArticleJoinedStory", C);
    ids.joinB = await decide("b2", "ArticleJoinedStory", B);
    ids.bridge = await decide("x", "ArticleJoinedStory", B);
    ids.merge = await merge(B, A, "x");
    ids.afterMerge = await decide("a3", "ArticleJoinedStory", B);
    // A live blog's second revision moves from the merged story to C.
    ids.left = await decide("b2", "ArticleJoinedStory", C, { revision: 2, previousStoryId: B });
    await decide("c3", "ArticleJoinedStory", C);

    const vigie = createVigieClient({ postgres: { url: db.url, minPollMs: 5, maxPollMs: 50 } });
    const stop = new AbortController();
    const seen: StoryEvent[] = [];
    const merges: string[][] = [];
    let live: string | undefined;
    for await (const event of vigie.followStory(A, { signal: stop.signal, onMerge: (storyIds) => merges.push(storyIds) })) {
      seen.push(event);
      if (event.id === ids.left) live = await decide("a4", "ArticleJoinedStory", B);
      if (event.id === live) stop.abort();
    }
    await vigie.close();
    // B's own history before the merge is not A's; the bridge's join names B and precedes the merge.
    expect(seen.map((e) => e.id)).toEqual([ids.startA, ids.joinA, ids.merge, ids.afterMerge, ids.left, live]);
    expect(merges).toEqual([[A, B]]);
    const merged = seen.find((e) => e.type === "StoriesMerged");
    expect(merged?.type === "StoriesMerged" && merged.data.articleId).toBe(sha("x"));
  });

  it("following the story that was kept from a cursor yields only what came after it", async () => {
    const vigie = createVigieClient({ postgres: { url: db.url } });
    const all: StoryEvent[] = [];
    for await (const event of vigie.followStory(B, { follow: false })) all.push(event);
    expect(all.map((e) => e.type)).toEqual([
      "StoryStarted",
      "ArticleJoinedStory",
      "ArticleJoinedStory",
      "StoriesMerged",
      "ArticleJoinedStory",
      "ArticleJoinedStory",
      "ArticleJoinedStory",
    ]);
    const merge = all[3];
    const after: StoryEvent[] = [];
    for await (const event of vigie.followStory(B, { from: merge?.cursor, follow: false })) after.push(event);
    expect(after.map((e) => e.id)).toEqual(all.slice(4).map((e) => e.id));
    await vigie.close();
  });
});
