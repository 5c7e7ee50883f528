/*
 * Read side at scale (issue 17): a log of `events` events, appended with the store's batch append,
 * the event-counts projection caught up by a rebuild; then `/metrics`, the dashboard (`GET /`)
 * and `vigie status` (its figures: `readOpsFigures`) timed, against a baseline in the same run:
 * the per-request count of the events table they used to do.
 */
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { countEventsByType, countFailuresByReason, EventStore, loadCheckpoint, storeCheckpoint, type NewStreamEvent } from "@vigie/event-store";
import { eventCountsProjection, rebuildProjection } from "@vigie/projections";
import { readOpsFigures } from "../src/ops/ops-figures.ts";
import { createTestApp } from "../src/testing/test-app.ts";

const BATCH = 5000;
const SEED_CONCURRENCY = 3;
const ROUNDS = 15;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
const round1 = (n: number) => Number(n.toFixed(1));

/** One article's story in the log, cycling through outcomes so that every funnel row and failure reason has events. */
function story(i: number): NewStreamEvent[] {
  const articleId = i.toString(16).padStart(64, "0");
  const streamId = `article:${articleId}`;
  const e = (type: string, data: Record<string, unknown>): NewStreamEvent => ({ eventId: randomUUID(), streamId, type, data: { articleId, ...data } });
  const url = `https://bench.example/${i}`;
  const discovered = e("ArticleDiscovered", { url, feedId: `f${i % 100}`, itemId: String(i) });
  if (i % 10 === 9) return [discovered, e("ArticleFetchFailed", { url, reason: i % 20 === 9 ? "http-404" : "timeout", permanent: true, attempts: 1 })];
  const fetched = e("ArticleFetched", { url });
  if (i % 10 === 8) return [discovered, fetched, e("ArticleDuplicateDetected", { originalArticleId: "0".repeat(64) })];
  return [discovered, fetched, e("ArticleAccepted", {}), e("EntitiesTagged", { entities: [] })];
}

export async function benchReadSide(events: number, log: (msg: string) => void) {
  const t = await createTestApp({ authMode: "anonymous", rateLimitPerMinute: 1_000_000 });
  try {
    // Payloads are not validated while seeding (the bench's minimal stories are not complete events).
    const store = new EventStore(t.runtime.sql, { validate: false });
    log(`read side: seeding ${events} events, ${BATCH} per append, ${SEED_CONCURRENCY} appends in flight`);
    const seedStart = performance.now();
    let seeded = 0;
    let article = 0;
    let reported = 0;
    const nextBatch = (): NewStreamEvent[] => {
      const batch: NewStreamEvent[] = [];
      const size = Math.min(BATCH, events - seeded);
      while (batch.length < size) batch.push(...story(article++).slice(0, size - batch.length));
      seeded += batch.length;
      return batch;
    };
    // A few appends in flight (each story is its own stream, so they never contend on a stream head).
    const worker = async () => {
      for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
        await store.append(batch);
        if (seeded - reported >= 500_000) {
          reported = seeded;
          log(`  ${seeded}/${events} (${Math.round(seeded / ((performance.now() - seedStart) / 1000))}/s)`);
        }
      }
    };
    await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
    const seedSeconds = (performance.now() - seedStart) / 1000;

    log("read side: rebuilding the event-counts projection from the log");
    const rebuildStart = performance.now();
    await rebuildProjection(t.runtime.sql, eventCountsProjection, { batchSize: 10_000 });
    const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
    // The dispatcher and the other projections caught up too, as in a running deployment.
    const head = await loadCheckpoint(t.runtime.sql, "projection:event-counts");
    if (head) for (const consumer of ["dispatcher", "projection:articles", "projection:feeds"]) await storeCheckpoint(t.runtime.sql, consumer, null, head);

    const base = await t.listen();
    const time = async (fn: () => Promise<unknown>) => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    const get = (path: string) => async () => {
      const res = await fetch(`${base}${path}`);
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      await res.text();
    };
    const measured: Record<string, number[]> = { metrics: [], dashboard: [], status: [], baseline: [] };
    // The old per-request work: every type counted over the log, the funnel types over an hour and a day, failures by reason.
    const baseline = async () => {
      const types = [
        "ArticleDiscovered",
        "ArticleFetched",
        "ArticleFetchFailed",
        "ArticleAccepted",
        "ArticleDuplicateDetected",
        "ArticleRevised",
        "EntitiesTagged",
      ];
      await Promise.all([
        countEventsByType(t.runtime.sql),
        countEventsByType(t.runtime.sql, { types, withinSeconds: 3600 }),
        countEventsByType(t.runtime.sql, { types, withinSeconds: 86_400 }),
        countFailuresByReason(t.runtime.sql, ["ArticleFetchFailed", "ArticleDedupFailed", "ArticleTaggingFailed", "FeedPollFailed", "FeedDisabled"]),
      ]);
    };
    await get("/metrics")();
    await get("/")();
    for (let r = 0; r < ROUNDS; r++) {
      measured.metrics?.push(await time(get("/metrics")));
      measured.dashboard?.push(await time(get("/")));
      measured.status?.push(await time(() => readOpsFigures(t.runtime.sql, t.runtime.queues)));
      if (r < 3) measured.baseline?.push(await time(baseline));
    }
    const figures = await readOpsFigures(t.runtime.sql, t.runtime.queues);
    const counted = Object.values(figures.events).reduce((a, b) => a + b, 0);
    if (counted !== events) throw new Error(`the counters hold ${counted} events, the log ${events}`);
    const summary = Object.fromEntries(
      Object.entries(measured).map(([k, xs]) => [k, { p50Ms: round1(quantile(xs, 0.5)), p95Ms: round1(quantile(xs, 0.95)), runs: xs.length }]),
    );
    return {
      events,
      seedEventsPerSecond: Math.round(events / seedSeconds),
      rebuildEventsPerSecond: Math.round(events / rebuildSeconds),
      ...summary,
      baselineOverStatusP50: round1(quantile(measured.baseline ?? [], 0.5) / Math.max(0.001, quantile(measured.status ?? [], 0.5))),
      target: "p50 <= 100 ms each",
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    };
  } finally {
    await t.close();
  }
}
