import { createHash, randomUUID } from "node:crypto";
import { articleStreamId, type DeduplicateArticleJob, type EventData } from "@vigie/contracts";
import { createDedupStore, type DedupStore } from "@vigie/dedup";
import { createDedupTestDatabase, type DedupTestDatabase } from "@vigie/dedup/testing";
import { EventStore } from "@vigie/event-store";
import type { StageContext } from "@vigie/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DedupDeps, deduplicateArticle } from "./deduplicate-article.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
/** A story long enough for MinHash (about 300 words), different for each seed. */
const story = (seed: string) =>
  Array.from({ length: 6 }, (_, p) => Array.from({ length: 50 }, (_, w) => `${seed}${((p * 50 + w) * 7919) % 9973}`).join(" ")).join("\n");

let db: DedupTestDatabase;
let events: EventStore;
/** Writes ArticleFetched events a current fetcher could not produce (bad URL, 5 MB text), as an older producer might have. */
let unchecked: EventStore;

beforeAll(async () => {
  db = await createDedupTestDatabase();
  events = new EventStore(db.sql);
  unchecked = new EventStore(db.sql, { validate: false, maxPayloadBytes: 16 * 1024 * 1024 });
});
afterAll(async () => {
  await db?.drop();
});

const ctx = { log: { info: () => undefined } } as unknown as StageContext;

/** One deduplicator replica: its own connection and store, as `startDeduplicator` builds them. */
function replica(): DedupDeps {
  const store: DedupStore = createDedupStore(db.replica());
  return { store: events, decide: (input) => store.decide(input) };
}

interface Fetched {
  url: string;
  text: string;
  title?: string;
  canonicalUrl?: string;
  revision?: number;
  articleId?: string;
}

/** Appends an ArticleFetched to the article's stream and returns the job the dispatcher would enqueue. */
async function fetched(f: Fetched): Promise<DeduplicateArticleJob> {
  const articleId = f.articleId ?? sha(f.url);
  const eventId = randomUUID();
  const data: EventData<"ArticleFetched"> = {
    articleId,
    url: f.url,
    finalUrl: f.url,
    httpStatus: 200,
    contentHash: sha(f.text),
    bytes: f.text.length,
    revision: f.revision ?? 1,
    kind: "article",
    title: f.title,
    text: f.text,
    authors: [],
    publishedAt: new Date().toISOString(),
    canonicalUrl: f.canonicalUrl,
    wordCount: f.text.split(/\s+/).length,
    isLiveBlog: false,
    textHash: sha(f.text),
    durationMs: 1,
  };
  await unchecked.appendToStream(articleStreamId(articleId), [{ eventId, type: "ArticleFetched", data }]);
  return { articleId, eventId, correlationId: randomUUID() };
}

async function outcomes(articleId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const stream = await events.readStream(articleStreamId(articleId));
  return stream.filter((e) => e.type !== "ArticleFetched").map((e) => ({ type: e.type, data: e.data as Record<string, unknown> }));
}

describe("bad input becomes ArticleDedupFailed", () => {
  it.each<{ name: string; input: Fetched; reason: string }>([
    { name: "empty text", input: { url: "https://bad.example/empty", text: "" }, reason: "empty-text" },
    { name: "text without letters", input: { url: "https://bad.example/dashes", text: " — … — " }, reason: "empty-text" },
    {
      name: "5 MB text",
      input: { url: "https://bad.example/huge", text: `${story("huge")}\n`.repeat(2200).slice(0, 5 * 1024 * 1024 + 10) },
      reason: "text-too-large",
    },
    { name: "URL without host", input: { url: "https:///", articleId: sha("no-host"), text: story("nohost") }, reason: "no-host" },
    { name: "non-http scheme", input: { url: "ftp://bad.example/a", text: story("ftp") }, reason: "unsupported-scheme" },
  ])("$name → $reason", async ({ input, reason }) => {
    const deps = replica();
    const job = await fetched(input);
    expect(await deduplicateArticle(job, ctx, deps)).toEqual({ kind: "failed" });
    const [failure, ...rest] = await outcomes(job.articleId);
    expect(rest).toEqual([]);
    expect(failure?.type).toBe("ArticleDedupFailed");
    expect(failure?.data).toMatchObject({ articleId: job.articleId, reason });
    expect(String(failure?.data.detail ?? "")).not.toBe("");
    // A retried job appends nothing more, and nothing was stored as an article to match against.
    expect(await deduplicateArticle(job, ctx, deps)).toEqual({ kind: "already-decided" });
    expect(await outcomes(job.articleId)).toHaveLength(1);
    const [row] = await db.sql`select count(*)::int as n from dedup_articles where article_id = ${job.articleId}`;
    expect(row?.n).toBe(0);
  });
});

describe("decisions as events", () => {
  it("accepts an original and links a copy found by the page's rel=canonical on the same site", async () => {
    const deps = replica();
    const original = await fetched({ url: "https://www.site.example/news/story-123.html", text: story("canon") });
    expect(await deduplicateArticle(original, ctx, deps)).toEqual({ kind: "accepted" });
    // Another URL (an id-based link) whose page declares the same canonical article, with a reworded text.
    const viaId = await fetched({ url: "https://site.example/p?id=123", canonicalUrl: "/news/story-123.html", text: story("other") });
    expect(await deduplicateArticle(viaId, ctx, deps)).toEqual({ kind: "duplicate" });
    expect((await outcomes(viaId.articleId))[0]).toEqual({
      type: "ArticleDuplicateDetected",
      data: expect.objectContaining({ originalArticleId: original.articleId, clusterId: original.articleId, method: "url", similarity: 1 }),
    });
    // A canonical on another site is not trusted.
    const foreign = await fetched({ url: "https://aggregator.example/x", canonicalUrl: "https://www.site.example/news/story-123.html", text: story("aggr") });
    expect(await deduplicateArticle(foreign, ctx, deps)).toEqual({ kind: "accepted" });
  });

  it("turns a changed text at the same URL into ArticleRevised", async () => {
    const deps = replica();
    const url = "https://live.example/direct";
    const first = await fetched({ url, text: story("live") });
    await deduplicateArticle(first, ctx, deps);
    const second = await fetched({ url, text: `${story("live")}\n12:05 nouvelle entrée du direct`, revision: 2 });
    expect(await deduplicateArticle(second, ctx, deps)).toEqual({ kind: "revised" });
    const revised = (await outcomes(first.articleId)).map((e) => e.type);
    expect(revised).toEqual(["ArticleAccepted", "ArticleRevised"]);
  });
});

describe("two copies at the same moment on two workers", () => {
  it("accepts exactly one and links the other to it, every round", async () => {
    const [a, b] = [replica(), replica()];
    for (let round = 0; round < 8; round++) {
      const text = story(`race${round}`);
      // An exact copy and an edited wire copy of the same story, decided at once.
      const jobs = await Promise.all([
        fetched({ url: `https://one.example/r${round}`, text }),
        fetched({ url: `https://two.example/r${round}`, text: `${text.replace(/ \S+$/, " fin")}\n(avec AFP)` }),
      ]);
      const kinds = await Promise.all([
        deduplicateArticle(jobs[0] as DeduplicateArticleJob, ctx, a as DedupDeps),
        deduplicateArticle(jobs[1] as DeduplicateArticleJob, ctx, b as DedupDeps),
      ]);
      expect(kinds.map((k) => k.kind).sort(), `round ${round}`).toEqual(["accepted", "duplicate"]);
      const decided = await Promise.all(jobs.map(async (j) => (await outcomes(j.articleId))[0]));
      const accepted = decided.find((e) => e?.type === "ArticleAccepted");
      const duplicate = decided.find((e) => e?.type === "ArticleDuplicateDetected");
      expect(duplicate?.data.clusterId).toBe(accepted?.data.clusterId);
      expect(duplicate?.data.originalArticleId).toBe(accepted?.data.articleId);
    }
  });
});
