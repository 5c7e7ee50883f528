import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Test-only relative imports: the API under test, built on its own fresh database and runtime.
import { buildApp, createApiToken } from "@vigie/api";
import { createTestApp, feedAdminFor, type TestApp } from "@vigie/api/testing";
import { readAllEvents, readLogStats } from "@vigie/event-store";
import { MemoryCheckpointStore } from "./checkpoint-store.ts";
import { VigieHttpError } from "./errors/vigie-http-error.ts";
import { createVigieClient } from "./vigie-client.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe("HTTP transport against buildApp", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ authMode: "anonymous", liveTail: { heartbeatMs: 200, pollMs: 50 } });
    await t.listen();
  });
  afterAll(async () => t?.close());

  const append = (prefix: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        t.runtime.store.appendToStream(`feed:${prefix}-${i}`, [
          { eventId: randomUUID(), type: "FeedRegistered", data: { feedId: `${prefix}-${i}`, url: `https://h.example/${prefix}/${i}` } },
        ]),
      ),
    );
  const allIds = async (prefix: string) => (await readAllEvents(t.runtime.sql, { streamPrefix: `feed:${prefix}-` })).map((e) => e.eventId);

  it("pages, then follows the SSE stream under concurrent writers, in the order of the log", async () => {
    await append("page", 120);
    const vigie = createVigieClient({ http: { url: t.base } });
    const stop = new AbortController();
    const received: string[] = [];
    const reading = (async () => {
      for await (const e of vigie.subscribe({ pageSize: 25, signal: stop.signal, types: ["FeedRegistered"] })) received.push(e.id);
    })();
    await until(() => received.length >= 120, "the paged backlog");
    await Promise.all([append("live-a", 60), append("live-b", 60)]);
    const expected = [...(await allIds("page")), ...(await allIds("live-a")), ...(await allIds("live-b"))];
    await until(() => received.length >= expected.length, "the live events");
    stop.abort();
    await reading;
    const order = (await readAllEvents(t.runtime.sql)).map((e) => e.eventId);
    expect(received).toEqual(order.filter((id) => expected.includes(id)));
  });

  it("reconnects with backoff while the API is down and resumes from its last cursor: nothing missing, nothing doubled", async () => {
    const second = await createTestApp({ authMode: "anonymous", liveTail: { heartbeatMs: 200, pollMs: 50 } });
    const port = Number(new URL(await second.listen()).port);
    let restarted = second.app;
    const retries: number[] = [];
    const checkpoint = { store: new MemoryCheckpointStore(), name: "restart", everyEvents: 1 };
    const vigie = createVigieClient({ http: { url: second.base, backoff: { initialMs: 20, maxMs: 200 }, onRetry: ({ attempt }) => retries.push(attempt) } });
    const stop = new AbortController();
    const received: string[] = [];
    const writeTo = (prefix: string, n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          second.runtime.store.appendToStream(`feed:${prefix}-${i}`, [
            { eventId: randomUUID(), type: "FeedRegistered", data: { feedId: `${prefix}-${i}`, url: `https://r.example/${i}` } },
          ]),
        ),
      );
    try {
      await writeTo("before", 30);
      const reading = (async () => {
        for await (const e of vigie.subscribe({ signal: stop.signal, checkpoint })) received.push(e.id);
      })();
      await until(() => received.length >= 30, "events before the restart");
      await second.app.close();
      // Written while no API answers: the client must fetch them after reconnecting.
      await writeTo("down", 40);
      await until(() => retries.length >= 2, "failed reconnection attempts");
      restarted = await buildApp({
        runtime: second.runtime,
        feeds: feedAdminFor(second.runtime),
        authMode: "anonymous",
        liveTail: { heartbeatMs: 200, pollMs: 50 },
      });
      await restarted.listen({ host: "127.0.0.1", port });
      await writeTo("after", 30);
      await until(() => received.length >= 100, "every event after the restart");
      stop.abort();
      await reading;
      const ids = (await readAllEvents(second.runtime.sql)).map((e) => e.eventId);
      expect(received).toEqual(ids);
      expect(await checkpoint.store.load("restart")).toBe(Buffer.from(`v1.${await headPosition(second)}`).toString("base64url"));
    } finally {
      await restarted.close();
      await second.runtime.close();
      await second.db.drop();
    }
  });

  it("stops at once on a refusal that retrying cannot fix (401), and reads with a valid token", async () => {
    const guarded = await createTestApp({ authMode: "tokens", db: t.db });
    try {
      const base = await guarded.listen();
      const good = await createApiToken(guarded.runtime.sql, { scope: "read", pepper: guarded.runtime.config.API_TOKEN_SECRET });
      const bad = createVigieClient({ http: { url: base, token: "vgt_nope_nope" } });
      await expect(bad.subscribe({ follow: false }).next()).rejects.toSatisfy((err) => err instanceof VigieHttpError && err.status === 401);
      const ok = createVigieClient({ http: { url: base, token: good.token } });
      const first = await ok.subscribe({ follow: false }).next();
      expect(first.done).toBe(false);
    } finally {
      await guarded.app.close();
      await guarded.runtime.close();
    }
  });
});

async function headPosition(t: TestApp): Promise<string> {
  const { head } = await readLogStats(t.runtime.sql);
  return `${head?.txId}.${head?.globalPosition}`;
}
