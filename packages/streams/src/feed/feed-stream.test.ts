import { describe, expect, it } from "vitest";
import { decidePolled, decidePollFailed, DISABLE_AFTER_FAILURES, canPoll } from "./decide-poll.ts";
import { foldFeed, type FeedState } from "./feed-stream.ts";
import type { StoredEvent } from "../typed-event.ts";

const feedId = "f1";
const url = "https://example.org/feed.xml";
const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n));

function history(...events: Omit<StoredEvent, "eventId" | "streamVersion" | "recordedAt">[]): StoredEvent[] {
  return events.map((e, i) => ({ ...e, eventId: `e${i}`, streamVersion: i + 1, recordedAt: at(i) }));
}

const registered = { type: "FeedRegistered", data: { feedId, url } };
const polled = (etag: string | undefined, newItemCount = 2) => ({
  type: "FeedPolled",
  data: { feedId, url, status: "changed", httpStatus: 200, itemCount: 5, newItemCount, durationMs: 10, etag, bodyHash: "a".repeat(64), nextPollSeconds: 600 },
});
const failed = (n: number) => ({ type: "FeedPollFailed", data: { feedId, url, reason: "http-503", consecutiveFailures: n, retryInSeconds: 60 } });

describe("feed stream: evolve", () => {
  it("folds validators, failures, items and moves", () => {
    const state = foldFeed(
      feedId,
      history(registered, polled('"v1"'), failed(1), failed(2), { type: "FeedMoved", data: { feedId, from: url, to: "https://example.org/new.xml" } }),
    );
    expect(state).toMatchObject({
      registered: true,
      status: "active",
      etag: '"v1"',
      consecutiveFailures: 2,
      lastError: "http-503",
      itemsDiscovered: 2,
      url: "https://example.org/new.xml",
      version: 5,
    });
  });
  it("a poll replaces the validators as it saw them and clears the failures", () => {
    const state = foldFeed(feedId, history(registered, polled('"v1"'), failed(1), polled(undefined, 3)));
    expect(state.etag).toBeUndefined();
    expect(state).toMatchObject({ consecutiveFailures: 0, itemsDiscovered: 5, nextPollSeconds: 600 });
    expect(state.lastError).toBeUndefined();
  });
  it("enabling by hand resets the failure count; only an active, registered feed is polled", () => {
    const state = foldFeed(
      feedId,
      history(registered, failed(10), { type: "FeedDisabled", data: { feedId, reason: "too-many-failures", consecutiveFailures: 10 } }),
    );
    expect(canPoll(state)).toBe(false);
    const enabled = foldFeed(
      feedId,
      history(
        registered,
        failed(10),
        { type: "FeedDisabled", data: { feedId, reason: "x", consecutiveFailures: 10 } },
        { type: "FeedEnabled", data: { feedId } },
      ),
    );
    expect(enabled).toMatchObject({ status: "active", consecutiveFailures: 0 });
    expect(canPoll(foldFeed(feedId, []))).toBe(false);
  });
});

describe("feed stream: poll outcomes", () => {
  const state = (failures: number): FeedState => foldFeed(feedId, history(registered, ...Array.from({ length: failures }, (_, i) => failed(i + 1))));
  it("records a poll, keeps the body hash over a 304 and reports a permanent move", () => {
    const before = foldFeed(feedId, history(registered, polled('"v1"')));
    const events = decidePolled(before, "job-1", {
      status: "not-modified",
      httpStatus: 304,
      durationMs: 3.6,
      itemCount: 0,
      newItemCount: 0,
      nextPollSeconds: 600,
      movedTo: "https://example.org/b.xml",
    });
    expect(events.map((e) => e.type)).toEqual(["FeedMoved", "FeedPolled"]);
    expect(events[1]?.data).toMatchObject({ bodyHash: "a".repeat(64), durationMs: 4, status: "not-modified" });
  });
  it("disables the feed at the tenth failure in a row, not before", () => {
    const failure = { reason: "x".repeat(100), detail: "d".repeat(3000), permanent: false, attempts: 1 };
    expect(decidePollFailed(state(DISABLE_AFTER_FAILURES - 2), "j", failure, 60).map((e) => e.type)).toEqual(["FeedPollFailed"]);
    const events = decidePollFailed(state(DISABLE_AFTER_FAILURES - 1), "j", failure, 60);
    expect(events.map((e) => e.type)).toEqual(["FeedPollFailed", "FeedDisabled"]);
    expect(events[0]?.data).toMatchObject({ consecutiveFailures: DISABLE_AFTER_FAILURES, reason: "x".repeat(64) });
    expect((events[0]?.data as { detail: string }).detail).toHaveLength(2000);
  });
});

describe("feed stream: the feed's own details", () => {
  const outcome = { status: "changed", httpStatus: 200, durationMs: 1, itemCount: 1, newItemCount: 1, nextPollSeconds: 600 } as const;
  it("records title, home page, language and description when they change, and only then", () => {
    const before = foldFeed(feedId, history(registered));
    const details = { title: "  Le   Monde ", siteUrl: "https://www.lemonde.fr/", language: "fr-FR", description: "Actualités" };
    const events = decidePolled(before, "j1", { ...outcome, details });
    expect(events.map((e) => e.type)).toEqual(["FeedDetailsChanged", "FeedPolled"]);
    expect(events[0]?.data).toEqual({ feedId, title: "Le Monde", siteUrl: "https://www.lemonde.fr/", language: "fr-FR", description: "Actualités" });
    const after = foldFeed(feedId, history(registered, { type: "FeedDetailsChanged", data: events[0]?.data }));
    expect(decidePolled(after, "j2", { ...outcome, details }).map((e) => e.type)).toEqual(["FeedPolled"]);
    // A 304 parsed nothing: the details stay as they were.
    expect(decidePolled(after, "j3", { ...outcome, status: "not-modified", httpStatus: 304 }).map((e) => e.type)).toEqual(["FeedPolled"]);
  });
  it("drops a home page that is not http(s) and a language that is not a tag", () => {
    const events = decidePolled(foldFeed(feedId, history(registered)), "j1", {
      ...outcome,
      details: { title: "T", siteUrl: "javascript:alert(1)", language: "fr; drop" },
    });
    expect(events[0]?.data).toEqual({ feedId, title: "T" });
  });
});
