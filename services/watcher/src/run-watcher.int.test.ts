import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { watchMatchesStreamId, watchStreamId } from "@vigie/contracts";
import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore, readAllEvents } from "@vigie/event-store";
import { createLogger } from "@vigie/logger";
import { decideWatch, foldWatch } from "@vigie/streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleIdOf, createWatch, sleep, taggedArticle } from "../test/fixtures.ts";
import { runWatcher } from "./run-watcher.ts";

const child = fileURLToPath(new URL("../test/watcher-child.ts", import.meta.url));
const ARTICLES = 450;
const KILLS = 5;
const ENTITY = "Q42";

let db: TestDatabase;
let app: Sql;
let store: EventStore;
beforeAll(async () => {
  db = await createTestDatabase();
  app = createSql({ url: db.url, role: "vigie_app", max: 6 });
  store = new EventStore(app);
});
afterAll(async () => {
  await app?.end();
  await db?.drop();
});

const matchesOf = async (watchId: string) => store.readStream(watchMatchesStreamId(watchId));
const checkpointMoved = async () => (await app`select count(*)::int as n from consumer_checkpoints where consumer_id = 'watcher'`)[0]?.n === 1;

describe("watcher", () => {
  it("killed with SIGKILL mid-log, appends one WatchMatched per matching article, in commit order", async () => {
    const watchId = await createWatch(store, { entityIds: [ENTITY] });
    const matching = (i: number) => i % 3 === 0;
    const append = async (from: number, to: number) => {
      for (let i = from; i < to; i += 10) {
        const events = Array.from({ length: Math.min(10, to - i) }, (_, k) =>
          taggedArticle(i + k, { entityIds: matching(i + k) ? [ENTITY, "Q1"] : ["Q1"] }),
        ).flat();
        await store.append(events);
      }
    };
    await append(0, ARTICLES / 2);
    const start = () => spawn(process.execPath, ["--conditions=@vigie/source", "--import", "tsx", child, db.url], { stdio: ["ignore", "pipe", "inherit"] });
    const ready = (p: ChildProcess) => new Promise<void>((resolve) => p.stdout?.once("data", () => resolve()));
    let proc = start();
    const writer = append(ARTICLES / 2, ARTICLES);
    let kills = 0;
    let midway = 0;
    try {
      for (let k = 0; k < KILLS; k++) {
        await ready(proc);
        // Kill once this incarnation has made progress, at a random moment.
        const before = (await matchesOf(watchId)).length;
        for (let i = 0; i < 400 && (await matchesOf(watchId)).length === before && before < ARTICLES / 3; i++) await sleep(10);
        await sleep(Math.random() * 60);
        proc.kill("SIGKILL");
        await new Promise((r) => proc.once("exit", r));
        kills++;
        const count = (await matchesOf(watchId)).length;
        if (count > 0 && count < ARTICLES / 3) midway++;
        proc = start();
      }
      await writer;
      for (let i = 0; i < 600 && (await matchesOf(watchId)).length < ARTICLES / 3; i++) await sleep(50);
      await sleep(500);
    } finally {
      proc.kill("SIGKILL");
    }
    const matches = await matchesOf(watchId);
    const articleIds = matches.map((m) => (m.data as { articleId: string }).articleId);
    const expected = Array.from({ length: ARTICLES }, (_, i) => i)
      .filter(matching)
      .map(articleIdOf);
    expect(kills).toBe(KILLS);
    expect(midway).toBeGreaterThanOrEqual(2);
    expect(await checkpointMoved()).toBe(true);
    expect(new Set(articleIds).size).toBe(articleIds.length);
    // Commit order: the articles were tagged in index order, and matched in that order.
    expect(articleIds).toEqual(expected);
    expect(matches.map((m) => m.streamVersion)).toEqual(matches.map((_, i) => i + 1));
    // Each incarnation of the child pays a tsx start-up, slow on a loaded machine.
  }, 300_000);

  it("matches terms, language and feed; a watch only sees articles tagged after it; once per article across revisions; deletion stops it", async () => {
    const prefix = 10_000;
    await store.append(taggedArticle(prefix + 1, { entityIds: [], text: "La réforme des retraites arrive au Sénat." }));
    const terms = await createWatch(store, { query: '"réforme des retraites" -football', languages: ["fr"] });
    const feed = await createWatch(store, { entityIds: ["Q5"], feedIds: ["feed-2"] });
    await store.append([
      ...taggedArticle(prefix + 2, { entityIds: [], text: "Les syndicats contestent la REFORME des retraites." }),
      ...taggedArticle(prefix + 3, { entityIds: [], text: "Reform of pensions", language: "en" }),
      ...taggedArticle(prefix + 4, { entityIds: [], text: "Réforme des retraites et football" }),
      ...taggedArticle(prefix + 5, { entityIds: ["Q5"], feedId: "feed-2" }),
      ...taggedArticle(prefix + 6, { entityIds: ["Q5"], feedId: "feed-1" }),
    ]);
    // A second revision of a matched article: no second match.
    await store.append(taggedArticle(prefix + 2, { entityIds: [], text: "La réforme des retraites, suite.", revision: 2 }));
    const watchState = foldWatch(feed, await store.readStream(watchStreamId(feed)));
    await store.appendToStream(watchStreamId(feed), decideWatch({ type: "DeleteWatch" }, watchState, "test"), { expectedVersion: watchState.version });
    await store.append(taggedArticle(prefix + 7, { entityIds: ["Q5"], feedId: "feed-2" }));

    const controller = new AbortController();
    const done = runWatcher({ sql: app, logger: createLogger({ level: "error" }), signal: controller.signal, name: "watcher-terms", maxPollMs: 50 });
    const all = async () =>
      (await readAllEvents(app, { types: ["WatchMatched"] })).filter((e) => [terms, feed].includes((e.data as { watchId: string }).watchId));
    for (let i = 0; i < 200 && (await all()).length < 2; i++) await sleep(25);
    await sleep(300);
    controller.abort();
    await done;
    const matched = (await all()).map((e) => [(e.data as { watchId: string }).watchId, (e.data as { articleId: string }).articleId]);
    expect(matched).toEqual([
      [terms, articleIdOf(prefix + 2)],
      [feed, articleIdOf(prefix + 5)],
    ]);
    const [first] = await matchesOf(terms);
    expect(first?.data).toMatchObject({ revision: 1, title: `Titre ${prefix + 2}`, language: "fr", feedId: "feed-1", delivery: "none" });
    expect(await app`select watch_id from watcher_watches where watch_id = ${feed}`).toHaveLength(0);
  });
});
