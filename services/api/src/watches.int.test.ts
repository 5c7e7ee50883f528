import { randomUUID } from "node:crypto";
import { watchMatchesStreamId } from "@vigie/contracts";
import { rebuildProjection, watchesProjection } from "@vigie/projections";
import { watchMatchedEventId } from "@vigie/streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "./auth/api-tokens.ts";
import { openApiValidator } from "./testing/openapi-validator.ts";
import { SseClient } from "./testing/sse-client.ts";
import { createTestApp, type TestApp } from "./testing/test-app.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("/v1/watches", () => {
  let t: TestApp;
  let validate: ReturnType<typeof openApiValidator>;
  let alice: string;
  let bob: string;
  let admin: string;
  beforeAll(async () => {
    const base = await createTestApp({ authMode: "anonymous" });
    const pepper = base.runtime.config.API_TOKEN_SECRET;
    alice = (await createApiToken(base.runtime.sql, { scope: "read", pepper })).token;
    bob = (await createApiToken(base.runtime.sql, { scope: "read", pepper })).token;
    admin = (await createApiToken(base.runtime.sql, { scope: "admin", pepper })).token;
    await base.app.close();
    await base.runtime.close();
    t = await createTestApp({ db: base.db });
    validate = openApiValidator((await t.app.inject({ url: "/openapi.json" })).json());
  });
  afterAll(async () => {
    await t?.close();
    await t?.db.drop();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const call = async (token: string, method: "GET" | "POST" | "PATCH" | "DELETE", url: string, path: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: as(token), ...(payload ? { payload } : {}) });
    const contentType = String(res.headers["content-type"] ?? "").split(";")[0] ?? "";
    const body = res.json();
    expect(validate(path, method.toLowerCase(), res.statusCode, body, contentType), `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`).toEqual({
      success: true,
    });
    return { status: res.statusCode, body };
  };

  it("creates, reads, changes and deletes a watch, owned by its token; every response matches the OpenAPI document", async () => {
    const created = await call(alice, "POST", "/v1/watches", "/v1/watches", {
      name: "Retraites",
      query: '"réforme des retraites" -football',
      languages: ["fr"],
      webhookUrl: "https://hooks.example.org/x",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Retraites", delivery: "each", deliveryEnabled: true, webhookUrl: "https://hooks.example.org/x" });
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.watchId as string;
    const path = "/v1/watches/{id}";

    // Not projected yet: folded from its stream, so that its creator finds it at once.
    expect((await call(alice, "GET", `/v1/watches/${id}`, path)).body).toMatchObject({ query: '"réforme des retraites" -football', matches: 0 });
    // Another token's watch does not exist for bob; an admin sees it.
    expect((await call(bob, "GET", `/v1/watches/${id}`, path)).status).toBe(404);
    await rebuildProjection(t.runtime.sql, watchesProjection);
    expect((await call(bob, "GET", `/v1/watches/${id}`, path)).status).toBe(404);
    expect((await call(bob, "GET", "/v1/watches", "/v1/watches")).body.watches).toEqual([]);
    expect((await call(admin, "GET", "/v1/watches", "/v1/watches")).body.watches.map((w: { watchId: string }) => w.watchId)).toContain(id);

    const changed = await call(alice, "PATCH", `/v1/watches/${id}`, path, { entityIds: ["Q1"], rotateSecret: true, webhookUrl: null });
    expect(changed.body).toMatchObject({ entityIds: ["Q1"], webhookUrl: null, events: ["WatchUpdated"] });
    expect(changed.body.secret).not.toBe(created.body.secret);
    expect((await call(alice, "PATCH", `/v1/watches/${id}`, path, { entityIds: ["Q1"] })).body.events).toEqual([]);

    expect((await call(alice, "DELETE", `/v1/watches/${id}`, path)).body).toEqual({ watchId: id, event: "WatchDeleted" });
    await rebuildProjection(t.runtime.sql, watchesProjection);
    expect((await call(alice, "GET", `/v1/watches/${id}`, path)).status).toBe(404);
    expect((await call(alice, "DELETE", `/v1/watches/${id}`, path)).status).toBe(404);
  });

  it("refuses a watch without criteria, and webhooks to plain http or private addresses (422 with the reason)", async () => {
    expect((await call(alice, "POST", "/v1/watches", "/v1/watches", { languages: ["fr"] })).status).toBe(400);
    const plain = await call(alice, "POST", "/v1/watches", "/v1/watches", { query: "x", webhookUrl: "http://hooks.example.org/x" });
    expect(plain).toMatchObject({ status: 422, body: { reason: "webhook-refused" } });
    const loopback = await call(alice, "POST", "/v1/watches", "/v1/watches", { query: "x", webhookUrl: "https://127.0.0.1:9/x" });
    expect(loopback).toMatchObject({ status: 422, body: { reason: "ssrf-blocked" } });
    const metadata = await call(alice, "POST", "/v1/watches", "/v1/watches", { query: "x", webhookUrl: "https://169.254.169.254/latest" });
    expect(metadata).toMatchObject({ status: 422, body: { reason: "ssrf-blocked" } });
  });

  it("pages a watch's matches and streams new ones over SSE, resuming after Last-Event-ID", async () => {
    const id = (await call(alice, "POST", "/v1/watches", "/v1/watches", { entityIds: ["Q7"] })).body.watchId as string;
    const articleId = (i: number) => i.toString(16).padStart(64, "0");
    const match = (i: number) => ({
      eventId: watchMatchedEventId(id, articleId(i)),
      type: "WatchMatched" as const,
      data: { watchId: id, articleId: articleId(i), revision: 1, entityIds: ["Q7"], delivery: "none" as const, title: `T${i}` },
    });
    await t.runtime.store.appendToStream(watchMatchesStreamId(id), [match(1), match(2)]);
    const page = await call(alice, "GET", `/v1/watches/${id}/matches?limit=1`, "/v1/watches/{id}/matches");
    expect(page.body).toMatchObject({ matches: [{ articleId: articleId(1), version: 1, title: "T1" }], next: 1 });
    expect((await call(bob, "GET", `/v1/watches/${id}/matches`, "/v1/watches/{id}/matches")).status).toBe(404);

    const base = await t.listen();
    const client = new SseClient(`${base}/v1/watches/${id}/stream`, { lastEventId: "1", headers: as(alice) });
    for (let i = 0; i < 100 && client.messages.length < 1; i++) await sleep(20);
    await t.runtime.store.appendToStream(watchMatchesStreamId(id), [match(3)]);
    for (let i = 0; i < 200 && client.messages.length < 2; i++) await sleep(20);
    client.close();
    expect(client.response?.statusCode).toBe(200);
    expect(client.messages.map((m) => [m.id, m.event, (JSON.parse(m.data ?? "{}") as { articleId?: string }).articleId])).toEqual([
      ["2", "match", articleId(2)],
      ["3", "match", articleId(3)],
    ]);
    const forbidden = new SseClient(`${base}/v1/watches/${randomUUID()}/stream`, { headers: as(alice) });
    await forbidden.ended;
    expect(forbidden.response?.statusCode).toBe(404);
  });

  it("lists and shows watches from the read model with their counters; a token sees only its own", async () => {
    const mine = [
      (await call(alice, "POST", "/v1/watches", "/v1/watches", { query: "grève" })).body.watchId as string,
      (await call(alice, "POST", "/v1/watches", "/v1/watches", { entityIds: ["Q90"] })).body.watchId as string,
    ];
    const theirs = (await call(bob, "POST", "/v1/watches", "/v1/watches", { query: "strike" })).body.watchId as string;
    const articleId = (i: number) => (1000 + i).toString(16).padStart(64, "0");
    await t.runtime.store.appendToStream(
      watchMatchesStreamId(mine[1] as string),
      [1, 2, 3].map((i) => ({
        eventId: watchMatchedEventId(mine[1] as string, articleId(i)),
        type: "WatchMatched" as const,
        data: { watchId: mine[1] as string, articleId: articleId(i), revision: 1, entityIds: ["Q90"], delivery: "none" as const },
      })),
    );
    await rebuildProjection(t.runtime.sql, watchesProjection);
    const listed = (await call(alice, "GET", "/v1/watches", "/v1/watches")).body.watches as { watchId: string; matches: number }[];
    expect(listed.map((w) => w.watchId)).toEqual(expect.arrayContaining(mine));
    expect(listed.map((w) => w.watchId)).not.toContain(theirs);
    expect(listed.find((w) => w.watchId === mine[1])?.matches).toBe(3);
    expect(((await call(bob, "GET", "/v1/watches", "/v1/watches")).body.watches as { watchId: string }[]).map((w) => w.watchId)).toEqual([theirs]);
    const all = (await call(admin, "GET", "/v1/watches", "/v1/watches")).body.watches as { watchId: string }[];
    expect(all.map((w) => w.watchId)).toEqual(expect.arrayContaining([...mine, theirs]));
    const shown = await call(alice, "GET", `/v1/watches/${mine[1]}`, "/v1/watches/{id}");
    expect(shown.body).toMatchObject({ watchId: mine[1], owner: expect.any(String), matches: 3, delivered: 0, failedAttempts: 0, lastDeliveredAt: null });
    expect(typeof shown.body.lastMatchedAt).toBe("string");
    expect((await call(alice, "GET", `/v1/watches/${theirs}`, "/v1/watches/{id}")).status).toBe(404);
  });
});
