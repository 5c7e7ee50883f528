import { randomUUID } from "node:crypto";
import { countEventsByType, countFailuresByReason, type RecordedEvent } from "@vigie/event-store";
import { createStoreHarness, type StoreHarness } from "@vigie/event-store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_MINUTES_KEPT_SECONDS, eventCountsProjection } from "./event-counts-projection.ts";
import { applyEvents } from "./projection.ts";
import { rebuildProjection } from "./rebuild-projection.ts";
import { runProjection } from "./run-projection.ts";

const FAILURES = ["ArticleFetchFailed", "FeedPollFailed"];
const article = (i: number) => i.toString(16).padStart(64, "0");

describe("event-counts projection", () => {
  let harness: StoreHarness;
  beforeAll(async () => {
    harness = await createStoreHarness({ max: 4 });
  });
  afterAll(async () => harness?.close());

  const totals = async () =>
    harness.app<{ event_type: string; reason: string; n: number }[]>`select event_type, reason, n::int from proj_event_totals order by 1, 2`;
  const minutes = async () =>
    harness.app<{ event_type: string; minute: Date; n: number }[]>`select event_type, minute, n::int from proj_event_minutes order by 1, 2`;

  it("counts the log by type, reason and minute, live as a rebuild does", async () => {
    for (let i = 0; i < 1200; i += 100) {
      await harness.store.append(
        Array.from({ length: 100 }, (_, k) => {
          const id = article(i + k);
          const n = i + k;
          if (n % 7 === 0)
            return {
              eventId: randomUUID(),
              streamId: `article:${id}`,
              type: "ArticleFetchFailed",
              data: { articleId: id, url: "http://x.example/", reason: n % 2 ? "http-404" : "timeout", permanent: true, attempts: 1 },
            };
          if (n % 11 === 0)
            return {
              eventId: randomUUID(),
              streamId: "feed:f",
              type: "FeedPollFailed",
              data: { feedId: "f", url: "http://x.example/f", reason: "dns", consecutiveFailures: 1 },
            };
          return {
            eventId: randomUUID(),
            streamId: `article:${id}`,
            type: "ArticleDiscovered",
            data: { articleId: id, url: `http://x.example/${n}`, feedId: "f", itemId: String(n) },
          };
        }),
      );
    }
    // Small pages, so that the batch upserts meet rows already there.
    const controller = new AbortController();
    let caughtUp!: () => void;
    const done = new Promise<void>((r) => (caughtUp = r));
    const running = runProjection(harness.app, eventCountsProjection, {
      signal: controller.signal,
      batchSize: 77,
      onProgress: (p) => p.caughtUp && caughtUp(),
    });
    await done;
    controller.abort();
    await running.catch(() => undefined);

    const live = { totals: await totals(), minutes: await minutes() };
    const byType = await countEventsByType(harness.app);
    const summed: Record<string, number> = {};
    for (const r of live.totals) summed[r.event_type] = (summed[r.event_type] ?? 0) + r.n;
    expect(summed).toEqual(byType);
    expect(Object.values(byType).reduce((a, b) => a + b, 0)).toBe(1200);
    const failures = (await countFailuresByReason(harness.app, FAILURES)).map((f) => ({ event_type: f.type, reason: f.reason, n: f.count }));
    expect(live.totals.filter((r) => FAILURES.includes(r.event_type))).toEqual(failures);
    expect(live.totals.find((r) => r.event_type === "ArticleDiscovered")?.reason).toBe("");
    const perMinute: Record<string, number> = {};
    for (const r of live.minutes) perMinute[r.event_type] = (perMinute[r.event_type] ?? 0) + r.n;
    expect(perMinute).toEqual(byType);

    await rebuildProjection(harness.app, eventCountsProjection, { batchSize: 500 });
    expect({ totals: await totals(), minutes: await minutes() }).toEqual(live);
  });

  it("keeps per-minute counts two days back from the newest event, totals for ever", async () => {
    const now = Date.now();
    const event = (type: string, ageSeconds: number): RecordedEvent => ({
      eventId: randomUUID(),
      streamId: "feed:old",
      streamVersion: 1,
      type,
      schemaVersion: 1,
      storedSchemaVersion: 1,
      data: { feedId: "old" },
      metadata: {},
      txId: "1",
      globalPosition: 1,
      recordedAt: new Date(now - ageSeconds * 1000),
    });
    const before = (await totals()).find((r) => r.event_type === "FeedEnabled")?.n ?? 0;
    await harness.app.begin((tx) =>
      applyEvents(tx, eventCountsProjection, [event("FeedEnabled", EVENT_MINUTES_KEPT_SECONDS + 3600), event("FeedEnabled", 30), event("FeedEnabled", 20)]),
    );
    expect((await totals()).find((r) => r.event_type === "FeedEnabled")?.n).toBe(before + 3);
    const kept = (await minutes()).filter((r) => r.event_type === "FeedEnabled");
    expect(kept.reduce((a, r) => a + r.n, 0)).toBe(2);
    expect(kept.every((r) => r.minute.getTime() > now - EVENT_MINUTES_KEPT_SECONDS * 1000)).toBe(true);
  });
});
