import { randomUUID } from "node:crypto";
import { createSql } from "@vigie/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoreHarness, type StoreHarness } from "./testing.ts";
import { EventStore } from "./event-store.ts";

// Guarantee 4 (append-only, roles) and 6 (no NOTIFY in the append path), 7 (idle transactions).
describe("append-only event table", () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness();
    await new EventStore(h.app).appendToStream("feed:x", [{ eventId: randomUUID(), type: "FeedEnabled", data: { feedId: "x" } }]);
  });
  afterAll(async () => h?.close());

  it("the app role may SELECT and INSERT but not UPDATE, DELETE or TRUNCATE", async () => {
    expect((await h.app`select count(*)::int as n from events`)[0]?.n).toBe(1);
    await expect(h.app`update events set payload = '{}'`).rejects.toMatchObject({ code: "42501" });
    await expect(h.app`delete from events`).rejects.toMatchObject({ code: "42501" });
    await expect(h.app`truncate events`).rejects.toMatchObject({ code: "42501" });
  });

  it("triggers refuse UPDATE, DELETE and TRUNCATE even for the owner", async () => {
    await expect(h.owner`update events set payload = '{}'`).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(h.owner`delete from events`).rejects.toThrow(/append-only: DELETE refused/);
    await expect(h.owner`truncate events`).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect((await h.owner`select count(*)::int as n from events`)[0]?.n).toBe(1);
  });

  it("the reader role may SELECT and nothing else", async () => {
    const reader = createSql({ url: h.db.url, role: "vigie_reader", max: 1 });
    try {
      expect((await reader`select count(*)::int as n from events`)[0]?.n).toBe(1);
      await expect(
        reader`insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload)
               values ('s', 1, ${randomUUID()}, 'X', 1, '{}')`,
      ).rejects.toMatchObject({ code: "42501" });
      await expect(reader`insert into consumer_checkpoints values ('c', '1', 1)`).rejects.toMatchObject({ code: "42501" });
    } finally {
      await reader.end();
    }
  });

  it("nothing in the database NOTIFYs (it would serialise commits)", async () => {
    const [row] = await h.owner`
      select count(*)::int as n from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prosrc ilike '%notify%'`;
    expect(row?.n).toBe(0);
    const triggers = await h.owner`select tgname from pg_trigger where tgrelid = 'events'::regclass and not tgisinternal order by tgname`;
    expect(triggers.map((t) => t.tgname)).toEqual(["events_claim", "events_no_truncate", "events_no_update_delete"]);
  });

  it("an app transaction left idle is aborted by the server", async () => {
    const short = createSql({ url: h.db.url, role: "vigie_app", max: 1, idleTxTimeoutMs: 200 });
    try {
      await expect(
        short.begin(async (tx) => {
          await tx`select 1`;
          await new Promise((r) => setTimeout(r, 600));
          await tx`select 1`;
        }),
      ).rejects.toThrow();
    } finally {
      await short.end();
    }
  });
});
