/*
 * pnpm bench:api [--read-side-events N | --skip-read-side] — against databases of its own:
 *   1. events/s paged through GET /v1/events vs direct SQL paging (readAll), interleaved rounds,
 *      the consumer in the API's process and in a process of its own (bench/page-consumer.ts);
 *   2. events/s delivered to one SSE client catching up from the start;
 *   3. commit → SSE client latency p50/p99 while appending 500 events/s;
 *   4. the read side at scale (bench/read-side.ts): /metrics, the dashboard and `vigie status`
 *      with N events in the log (default 5,000,000), against counting the log per request.
 * Progress on stderr, one JSON summary on stdout.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { promisify } from "node:util";
import { performance } from "node:perf_hooks";
import { childEnv } from "@vigie/config";
import { feedStreamId } from "@vigie/contracts";
import { readAll, START, type Position } from "@vigie/event-store";
import { createTestApp } from "../src/testing/test-app.ts";
import { SseClient } from "../src/testing/sse-client.ts";
import { benchReadSide } from "./read-side.ts";

const { values: args } = parseArgs({
  options: { "read-side-events": { type: "string", default: "5000000" }, "skip-read-side": { type: "boolean", default: false } },
});
const consumer = fileURLToPath(new URL("./page-consumer.ts", import.meta.url));
/** Pages the whole log in a process of its own; events/s as that process measured it. */
async function pageInOwnProcess(mode: "api" | "sql", target: string, expected: number): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=@vigie/source", "--import", "tsx", consumer, mode, target], {
    env: childEnv({}),
  });
  const { events, ms } = JSON.parse(stdout) as { events: number; ms: number };
  if (events !== expected) throw new Error(`${mode} consumer read ${events} events, expected ${expected}`);
  return events / (ms / 1000);
}

const EVENTS = 60_000;
const ROUNDS = 3;
const RATE = 500;
const LATENCY_SECONDS = 10;

const log = (msg: string) => process.stderr.write(`[bench:api] ${msg}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let closed = false;
const t = await createTestApp({ authMode: "anonymous", rateLimitPerMinute: 1_000_000, liveTail: { pageSize: 1000 } });
try {
  const base = await t.listen();
  const store = t.runtime.store;

  log(`seeding ${EVENTS} events`);
  for (let i = 0; i < EVENTS; i += 500) {
    await store.append(
      Array.from({ length: 500 }, (_, j) => ({
        streamId: feedStreamId(`bench${(i + j) % 200}`),
        eventId: randomUUID(),
        type: "FeedEnabled",
        data: { feedId: `bench${(i + j) % 200}` },
      })),
    );
    if (i % 10_000 === 0) log(`  ${i}/${EVENTS}`);
  }

  async function pageSql(): Promise<number> {
    let after: Position = START;
    let n = 0;
    for (;;) {
      const page = await readAll(t.runtime.sql, after, { limit: 1000 });
      n += page.events.length;
      after = page.next;
      if (page.caughtUp) return n;
    }
  }
  async function pageApi(): Promise<number> {
    let after = "";
    let n = 0;
    for (;;) {
      const res = await fetch(`${base}/v1/events?limit=1000${after ? `&after=${after}` : ""}`);
      const page = (await res.json()) as { events: unknown[]; next: string; caughtUp: boolean };
      n += page.events.length;
      after = page.next;
      if (page.caughtUp) return n;
    }
  }
  const rate = async (fn: () => Promise<number>) => {
    const start = performance.now();
    const n = await fn();
    if (n !== EVENTS) throw new Error(`read ${n} events, expected ${EVENTS}`);
    return n / ((performance.now() - start) / 1000);
  };
  const sqlRates: number[] = [];
  const apiRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    sqlRates.push(await rate(pageSql));
    apiRates.push(await rate(pageApi));
    log(`round ${r + 1}: sql ${Math.round(sqlRates.at(-1) ?? 0)}/s, api ${Math.round(apiRates.at(-1) ?? 0)}/s`);
  }
  // The same, with the consumer in a process of its own: the API's process only serves.
  const ownSqlRates: number[] = [];
  const ownApiRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    ownSqlRates.push(await pageInOwnProcess("sql", t.db.url, EVENTS));
    ownApiRates.push(await pageInOwnProcess("api", base, EVENTS));
    log(`round ${r + 1}, consumer in its own process: sql ${Math.round(ownSqlRates.at(-1) ?? 0)}/s, api ${Math.round(ownApiRates.at(-1) ?? 0)}/s`);
  }

  log("SSE catch-up from the start");
  const sseStart = performance.now();
  let received = 0;
  let caughtUpAt = 0;
  const catchUp = new SseClient(`${base}/v1/events/stream`, {
    onMessage: (m) => {
      if (m.event === "heartbeat") return;
      received++;
      if (received === EVENTS) caughtUpAt = performance.now();
    },
  });
  while (caughtUpAt === 0) await sleep(20);
  catchUp.close();
  const sseRate = EVENTS / ((caughtUpAt - sseStart) / 1000);
  log(`SSE catch-up ${Math.round(sseRate)}/s`);

  log(`latency: ${RATE} events/s for ${LATENCY_SECONDS} s`);
  const called = new Map<string, number>();
  const returned = new Map<string, number>();
  const delivered = new Map<string, number>();
  const tailFrom = await (async () => {
    let after = "";
    for (;;) {
      const page = (await (await fetch(`${base}/v1/events?limit=1000${after ? `&after=${after}` : ""}`)).json()) as { next: string; caughtUp: boolean };
      after = page.next;
      if (page.caughtUp) return after;
    }
  })();
  const live = new SseClient(`${base}/v1/events/stream?types=FeedRegistered`, {
    lastEventId: tailFrom,
    onMessage: (m) => {
      const at = performance.now();
      if (m.event !== "FeedRegistered" || !m.data) return;
      delivered.set((JSON.parse(m.data) as { id: string }).id, at);
    },
  });
  await sleep(300);
  const total = RATE * LATENCY_SECONDS;
  const startAt = performance.now();
  const inFlight: Promise<void>[] = [];
  // Catch up with the schedule every few ms: timers are too coarse to pace one append every 2 ms.
  for (let i = 0; i < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - startAt) * RATE) / 1000));
    for (; i < due; i++) {
      const eventId = randomUUID();
      const feedId = `lat${i % 50}`;
      // The commit happens between the append call and its return. Latency is reported from
      // both ends: from the return (≈ commit; an event delivered even before its append returned
      // counts as 0 ms) and from the call (includes waiting for a pooled connection).
      called.set(eventId, performance.now());
      inFlight.push(
        store.append([{ streamId: feedStreamId(feedId), eventId, type: "FeedRegistered", data: { feedId, url: `https://lat.example/${i}` } }]).then(() => {
          returned.set(eventId, performance.now());
        }),
      );
    }
    await sleep(4);
  }
  await Promise.all(inFlight);
  const achievedRate = total / ((performance.now() - startAt) / 1000);
  const deadline = Date.now() + 5000;
  while (delivered.size < total && Date.now() < deadline) await sleep(20);
  live.close();
  const fromReturn: number[] = [];
  const fromCall: number[] = [];
  for (const [id, at] of delivered) {
    const ret = returned.get(id);
    const call = called.get(id);
    if (ret !== undefined) fromReturn.push(Math.max(0, at - ret));
    if (call !== undefined) fromCall.push(at - call);
  }

  const summary = {
    events: EVENTS,
    paging: {
      sqlEventsPerSecond: Math.round(median(sqlRates)),
      apiEventsPerSecond: Math.round(median(apiRates)),
      ratio: Number((median(apiRates) / median(sqlRates)).toFixed(2)),
      target: ">= 0.5",
      consumerInOwnProcess: {
        sqlEventsPerSecond: Math.round(median(ownSqlRates)),
        apiEventsPerSecond: Math.round(median(ownApiRates)),
        ratio: Number((median(ownApiRates) / median(ownSqlRates)).toFixed(2)),
      },
    },
    sseCatchUpEventsPerSecond: Math.round(sseRate),
    latency: {
      appendedPerSecond: Math.round(achievedRate),
      delivered: delivered.size,
      expected: total,
      p50Ms: Number(quantile(fromReturn, 0.5).toFixed(1)),
      p99Ms: Number(quantile(fromReturn, 0.99).toFixed(1)),
      fromAppendCall: { p50Ms: Number(quantile(fromCall, 0.5).toFixed(1)), p99Ms: Number(quantile(fromCall, 0.99).toFixed(1)) },
      target: "p99 <= 250 ms (from commit)",
    },
  };
  closed = true;
  await t.close();
  const readSide = args["skip-read-side"] ? undefined : await benchReadSide(Number(args["read-side-events"]), log);
  process.stdout.write(`${JSON.stringify({ ...summary, readSide, loadAverage: loadavg().map((l) => Number(l.toFixed(2))) }, null, 2)}\n`);
} finally {
  if (!closed) await t.close();
}
