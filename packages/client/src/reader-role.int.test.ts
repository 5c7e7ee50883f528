import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore, readAllEvents } from "@vigie/event-store";
import { writeRefusals } from "@vigie/event-store/testing";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The query as documented: the test fails if the page in docs/ stops working. */
async function documentedPageQuery(): Promise<string> {
  const doc = await readFile(new URL("../../../docs/consuming-sql.md", import.meta.url), "utf8");
  const block = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").find((b) => b.startsWith("-- page:"));
  if (!block) throw new Error("docs/consuming-sql.md has no ```sql block starting with -- page:");
  return block;
}

describe("vigie_reader, logged in as that role", () => {
  let db: TestDatabase;
  let owner: postgres.Sql;
  let reader: postgres.Sql;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = postgres(db.url, { max: 10, onnotice: () => {} });
    const url = new URL(db.url);
    url.username = "vigie_reader";
    reader = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await new EventStore(owner).appendToStream("feed:seed", [
      { eventId: randomUUID(), type: "FeedRegistered", data: { feedId: "seed", url: "https://r.example/seed" } },
    ]);
    await owner`insert into proj_articles (article_id, url, status, discovered_at, updated_at) values (${"a".repeat(64)}, 'https://r.example/a', 'accepted', now(), now())`;
  });
  afterAll(async () => {
    await reader?.end();
    await owner?.end();
    await db?.drop();
  });

  it("pages gaplessly with the documented query while writers hold transactions open and roll some back", async () => {
    const query = await documentedPageQuery();
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = 0; i < 20; i++) {
          await owner
            .begin(async (tx) => {
              await new EventStore(tx).appendToStream(`feed:w${w}-${i}`, [{ eventId: randomUUID(), type: "FeedEnabled", data: { feedId: `w${w}-${i}` } }]);
              await sleep(Math.random() * 10);
              if (i % 7 === 3) throw new Error("rollback");
            })
            .catch(() => {});
        }
      }),
    ).finally(() => (writing = false));
    const seen: string[] = [];
    let checkpoint = { tx: "0", pos: "0" };
    for (;;) {
      const done = !writing;
      const rows = await reader.unsafe<{ event_id: string; tx_id: string; global_position: string }[]>(query, [checkpoint.tx, checkpoint.pos, 7]);
      for (const r of rows) seen.push(r.event_id);
      const last = rows.at(-1);
      if (last) checkpoint = { tx: last.tx_id, pos: String(last.global_position) };
      // Caught up after the writers had finished: nothing can commit below the checkpoint any more.
      if (rows.length < 7 && done) break;
      if (rows.length < 7) await sleep(5);
    }
    await writers;
    const all = await readAllEvents(owner);
    expect(all.length).toBe(1 + 6 * 20 - 6 * 3);
    expect(seen).toEqual(all.map((e) => e.eventId));
  });

  it("reads the events, contents and read models", async () => {
    for (const table of [
      "events",
      "contents",
      "proj_articles",
      "proj_article_entities",
      "proj_feeds",
      "proj_entities",
      "proj_clusters",
      "proj_event_totals",
      "proj_event_minutes",
      "proj_stories",
      "proj_story_articles",
    ]) {
      await expect(reader.unsafe(`select count(*) from ${table}`), table).resolves.toBeDefined();
    }
  });

  it("cannot read tokens, internal state or checkpoints", async () => {
    for (const table of ["api_tokens", "dedup_articles", "dedup_decisions", "consumer_checkpoints"]) {
      await expect(reader.unsafe(`select count(*) from ${table}`), table).rejects.toMatchObject({ code: "42501" });
    }
  });

  // The same refusals on the events table: packages/event-store/src/reader-login.int.test.ts.
  it("cannot INSERT, UPDATE or DELETE the read models, even in a transaction that asks to write", async () => {
    const attempts = [
      `insert into proj_feeds (feed_id, url, status, updated_at) values ('x', 'https://x.example', 'active', now())`,
      `update proj_articles set title = 'changed'`,
      `delete from proj_articles`,
    ];
    // The login is read-only by default (25006); asking for a read-write transaction leaves the privileges to refuse (42501).
    for (const statement of attempts) expect(await writeRefusals(reader, statement), statement).toEqual({ asIs: "25006", inReadWrite: "42501" });
    expect((await owner`select count(*)::int as n from proj_articles where title is null`)[0]?.n).toBe(1);
  });
});
