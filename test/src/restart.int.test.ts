import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childEnv } from "@vigie/config";
import { countEvents } from "@vigie/event-store";
import { registerFeed } from "@vigie/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createE2E, stories, type E2E } from "./harness.ts";

const main = fileURLToPath(new URL("../../services/cli/src/main.ts", import.meta.url));
const TERMINAL_FETCH = ["ArticleFetched", "ArticleFetchFailed"];
const TERMINAL_DEDUP = ["ArticleAccepted", "ArticleDuplicateDetected", "ArticleDedupFailed"];
const STORY_DECISIONS = ["StoryStarted", "ArticleJoinedStory", "ArticleStoryFailed"];

describe("vigie start killed with SIGKILL in the middle and restarted", () => {
  let e: E2E;
  let proc: ChildProcess | undefined;
  beforeAll(async () => {
    e = await createE2E({ site: { bulk: { feeds: 2, itemsPerFeed: 40 } } });
  });
  afterAll(async () => {
    proc?.kill("SIGKILL");
    await e?.close();
  });

  const start = () =>
    spawn(process.execPath, ["--conditions=@vigie/source", "--import", "tsx", main, "start", "--concurrency", "4"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: childEnv({
        DATABASE_URL: e.config.DATABASE_URL,
        REDIS_PREFIX: e.config.REDIS_PREFIX,
        HTTP_ALLOW_HOSTS: "127.0.0.1",
        FETCH_PER_HOST_PER_SECOND: "1000",
        QUEUE_STALLED_INTERVAL_MS: "1000",
        LOG_LEVEL: "error",
        VIGIE_EMBEDDED: "false",
      }),
    });

  it("ends with every article processed exactly once", async () => {
    for (const url of [...e.site.feeds, ...e.site.bulkFeeds]) await registerFeed(e.runtime.store, url);
    proc = start();
    // Kill as soon as the pipeline is part-way: some articles fetched, not all.
    for (let i = 0; i < 600; i++) {
      if ((await countEvents(e.runtime.sql, { types: ["ArticleFetched"] })) >= 10) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    proc.kill("SIGKILL");
    await new Promise((r) => proc?.once("exit", r));
    const mid = await countEvents(e.runtime.sql, { types: ["EntitiesTagged"] });
    proc = start();
    expect(await e.idle(150_000)).toBe(true);
    proc.kill("SIGTERM");
    await new Promise((r) => proc?.once("exit", r));

    const articles = await stories(e.runtime, "article:");
    expect(articles.size).toBe(e.site.articles.size + 80);
    expect(mid).toBeLessThan(articles.size); // the kill really happened mid-way
    for (const [stream, rows] of articles) {
      const types = rows.map((r) => r.event_type);
      expect(
        types.filter((t) => t === "ArticleDiscovered"),
        stream,
      ).toHaveLength(1);
      expect(
        types.filter((t) => TERMINAL_FETCH.includes(t)),
        stream,
      ).toHaveLength(1);
      expect(
        types.filter((t) => TERMINAL_DEDUP.includes(t)),
        stream,
      ).toHaveLength(1);
      expect(
        types.filter((t) => t === "EntitiesTagged"),
        stream,
      ).toHaveLength(types.includes("ArticleAccepted") ? 1 : 0);
      // One story decision per tagged revision, across the kill.
      expect(
        types.filter((t) => STORY_DECISIONS.includes(t)),
        stream,
      ).toHaveLength(types.includes("EntitiesTagged") ? 1 : 0);
    }
  });
});
