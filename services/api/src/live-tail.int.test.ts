import { randomUUID } from "node:crypto";
import { feedStreamId } from "@vigie/contracts";
import { countEvents, readAllEvents } from "@vigie/event-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SseClient } from "./testing/sse-client.ts";
import { createTestApp, type TestApp } from "./testing/test-app.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

describe("SSE live tail", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ authMode: "anonymous", liveTail: { heartbeatMs: 200, pollMs: 100, slowClientMs: 300, pageSize: 200 } });
    await t.listen();
  });
  afterAll(async () => t?.close());

  const append = (feedId: string, n: number, text = "") =>
    t.runtime.store.appendToStream(
      feedStreamId(feedId),
      Array.from({ length: n }, () => ({ eventId: randomUUID(), type: "FeedRegistered", data: { feedId, url: `https://f.example/${feedId}?${text}` } })),
    );

  it("resumes with Last-Event-ID after a mid-stream disconnect: nothing missing, nothing doubled, under concurrent writers", async () => {
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = 0; i < 50; i++) {
          await append(`resume${w}`, 1 + (i % 3));
          await sleep(Math.random() * 4);
        }
      }),
    ).finally(() => (writing = false));
    const received: string[] = [];
    let lastId: string | undefined;
    let connections = 0;
    while (writing || connections < 3) {
      connections++;
      // Drop each connection after a few messages, at an arbitrary point of the stream.
      const cut = 20 + Math.floor(Math.random() * 40);
      const client = new SseClient(`${t.base}/v1/events/stream?types=FeedRegistered`, {
        lastEventId: lastId,
        onMessage: (m, c) => {
          if (m.event === "FeedRegistered" && m.data) received.push((JSON.parse(m.data) as { id: string }).id);
          if (received.length % cut === 0) c.close();
        },
      });
      await Promise.race([client.ended, sleep(writing ? 2000 : 400)]);
      client.close();
      lastId = client.lastEventId;
    }
    await writers;
    // A last connection drains what was committed after the final cut.
    const final = new SseClient(`${t.base}/v1/events/stream?types=FeedRegistered`, {
      lastEventId: lastId,
      onMessage: (m) => {
        if (m.event === "FeedRegistered" && m.data) received.push((JSON.parse(m.data) as { id: string }).id);
      },
    });
    const rows = await readAllEvents(t.runtime.sql, { types: ["FeedRegistered"] });
    await until(() => received.length >= rows.length, 10_000).catch(() => {});
    final.close();
    expect(connections).toBeGreaterThan(2);
    expect(received.length).toBe(rows.length);
    expect(new Set(received).size).toBe(received.length);
    expect(new Set(received)).toEqual(new Set(rows.map((r) => r.eventId)));
  });

  it("heartbeats carry the cursor past filtered events", async () => {
    await append("hb", 3);
    const client = new SseClient(`${t.base}/v1/events/stream?types=FeedMoved`);
    const start = Date.now();
    await until(() => client.lastEventId !== undefined, 3000);
    client.close();
    expect(Date.now() - start).toBeLessThan(3000);
    const page = (await (await fetch(`${t.base}/v1/events?limit=1000`)).json()) as { next: string };
    expect(client.lastEventId).toBe(page.next);
  });

  it("drops a client that cannot keep up, with a final event carrying its resumable cursor", async () => {
    // ~12 MB of events: more than the socket buffers of the loopback interface hold.
    const big = "x".repeat(6000);
    for (let i = 0; i < 20; i++) await append(`slow${i}`, 100, big);
    const ids: string[] = [];
    const client = new SseClient(`${t.base}/v1/events/stream`, {
      onMessage: (m) => {
        if (m.data && m.event !== "cursor" && m.event !== "heartbeat") ids.push((JSON.parse(m.data) as { id: string }).id);
      },
    });
    await until(() => client.response !== undefined, 3000);
    client.pause();
    await sleep(1500);
    client.resume();
    await Promise.race([client.ended, sleep(10_000)]);
    const last = client.messages.at(-1);
    expect(last?.event).toBe("cursor");
    const final = JSON.parse(last?.data ?? "{}") as { cursor: string; reason: string };
    expect(final.reason).toBe("slow-client");
    const total = await countEvents(t.runtime.sql);
    expect(ids.length).toBeLessThan(total);
    // Resuming from the cursor delivers exactly the rest.
    const rest: string[] = [];
    const resumed = new SseClient(`${t.base}/v1/events/stream`, {
      lastEventId: final.cursor,
      onMessage: (m) => {
        if (m.data && m.event !== "cursor" && m.event !== "heartbeat") rest.push((JSON.parse(m.data) as { id: string }).id);
      },
    });
    await until(() => ids.length + rest.length >= total, 10_000).catch(() => {});
    resumed.close();
    const all = [...ids, ...rest];
    expect(all.length).toBe(total);
    expect(new Set(all).size).toBe(total);
  });
});
