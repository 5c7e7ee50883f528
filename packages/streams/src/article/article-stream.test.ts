import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../typed-event.ts";
import { foldArticle } from "./article-stream.ts";
import { articleFailed, decideDeduplicated, decideFetched, discoverArticle, fetchedForCause, isDone, outcomeEventId } from "./decide-article.ts";

const articleId = "a".repeat(64);
const hash = "b".repeat(64);
const url = "https://news.example/2026/alep";
const job = { articleId, eventId: "00000000-0000-4000-8000-000000000001", correlationId: "00000000-0000-4000-8000-000000000001" };

function history(...events: Omit<StoredEvent, "streamVersion" | "recordedAt">[]): StoredEvent[] {
  return events.map((e, i) => ({ ...e, streamVersion: i + 1, recordedAt: new Date(Date.UTC(2026, 0, 1, 0, i)) }));
}
const discovered = { eventId: job.eventId, type: "ArticleDiscovered", data: { articleId, url, feedId: "f1", itemId: "1", title: "Alep" } };
const fetched = (revision: number, eventId: string) => ({
  eventId,
  type: "ArticleFetched",
  data: {
    articleId,
    url,
    finalUrl: url,
    httpStatus: 200,
    contentHash: hash,
    bytes: 10,
    revision,
    kind: "article",
    title: `Alep ${revision}`,
    text: "t",
    authors: [],
    wordCount: 1,
    isLiveBlog: true,
    textHash: hash,
    durationMs: 1,
    language: "fr",
  },
});
const page = {
  url,
  finalUrl: url,
  httpStatus: 200,
  contentHash: hash,
  bytes: 10,
  kind: "article" as const,
  text: "t",
  authors: [],
  wordCount: 1,
  isLiveBlog: false,
  textHash: hash,
  durationMs: 1,
};

describe("article stream", () => {
  it("folds status, revisions and the latest failure", () => {
    const state = foldArticle(
      articleId,
      history(discovered, fetched(1, "f1"), { eventId: "x", type: "ArticleTaggingFailed", data: { articleId, reason: "event-too-large" } }),
    );
    expect(state).toMatchObject({ status: "tagging-failed", failureReason: "event-too-large", title: "Alep 1", language: "fr", url, version: 3 });
    expect(state.fetched.size).toBe(1);
  });
  it("a new fetch is the next revision, and finds the revision an accepted or revised event names", () => {
    const state = foldArticle(
      articleId,
      history(discovered, fetched(1, "f1"), fetched(2, "f2"), {
        eventId: "r2",
        type: "ArticleRevised",
        data: { articleId, revision: 2, previousTextHash: hash, textHash: hash, diffChars: 3, clusterId: "c" },
      }),
    );
    expect(decideFetched(state, job, page).data.revision).toBe(3);
    expect(fetchedForCause(state, "r2")?.data.title).toBe("Alep 2");
    expect(fetchedForCause(state, "f1")?.data.revision).toBe(1);
    expect(fetchedForCause(state, job.eventId)).toBeUndefined();
    expect(state.status).toBe("revised");
  });
  it("knows when a stage already recorded an outcome or a failure for a job", () => {
    const fresh = foldArticle(articleId, history(discovered));
    expect(isDone(fresh, "fetcher", job)).toBe(false);
    const failure = articleFailed("fetcher", { ...job, url }, { reason: "http-404", detail: "HTTP 404", httpStatus: 404, permanent: true, attempts: 1 });
    expect(failure).toMatchObject({ type: "ArticleFetchFailed", data: { reason: "http-404", permanent: true, url } });
    expect(isDone(foldArticle(articleId, history(discovered, failure)), "fetcher", job)).toBe(true);
    expect(isDone(foldArticle(articleId, history(discovered, { ...fetched(1, outcomeEventId("fetcher", job)) })), "fetcher", job)).toBe(true);
    expect(isDone(foldArticle(articleId, history(discovered, failure)), "tagger", job)).toBe(false);
  });
  it("turns dedup decisions into events (none when unchanged) and cuts failure fields to the schema", () => {
    expect(decideDeduplicated(job, { kind: "unchanged", revision: 1 })).toEqual([]);
    const [dup] = decideDeduplicated(job, {
      kind: "duplicate",
      originalArticleId: "c".repeat(64),
      clusterId: "k",
      method: "near-duplicate",
      similarity: 0.9,
      revision: 1,
    });
    expect(dup).toMatchObject({ type: "ArticleDuplicateDetected", metadata: { causationId: job.eventId, producer: "deduplicator" } });
    const [failed] = decideDeduplicated(job, { kind: "failed", reason: "r".repeat(80), detail: "d" });
    expect(failed?.data).toMatchObject({ reason: "r".repeat(64) });
  });
  it("discovers an article per usable item link, on the article's stream", () => {
    const found = discoverArticle("f1", { link: url, id: "guid-1", title: "Alep" }, "cause");
    expect(found?.streamId).toMatch(/^article:[0-9a-f]{64}$/);
    expect(found?.event).toMatchObject({ type: "ArticleDiscovered", data: { url, feedId: "f1" }, metadata: { causationId: "cause" } });
    expect(discoverArticle("f1", { link: "mailto:x@y", id: "2" }, "cause")).toBeUndefined();
    expect(discoverArticle("f1", { link: `https://e.example/${"x".repeat(9000)}`, id: "3" }, "cause")).toBeUndefined();
  });
});
