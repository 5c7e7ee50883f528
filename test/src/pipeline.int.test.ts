import { registerFeed } from "@vigie/runtime";
import type { Pipeline } from "@vigie/cli/pipeline";
import { projections, rebuildProjection } from "@vigie/projections";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createE2E, stories, storyDecision, type E2E } from "./harness.ts";

const ORIGINAL = ["ArticleDiscovered", "ArticleFetched", "ArticleAccepted", "EntitiesTagged", "story decision"];
const DUPLICATE = ["ArticleDiscovered", "ArticleFetched", "ArticleDuplicateDetected"];

describe("pipeline end to end on the fixture site", () => {
  let e: E2E;
  beforeAll(async () => {
    e = await createE2E();
    e.start();
    for (const url of e.site.feeds) await registerFeed(e.runtime.store, url);
    expect(await e.idle()).toBe(true);
  });
  afterAll(async () => e?.close());

  it("writes the whole story of every article, in order, with one chain of correlation ids", async () => {
    const articles = await stories(e.runtime, "article:");
    expect(articles.size).toBe(e.site.articles.size);
    const byUrl = new Map([...articles.values()].map((rows) => [String(rows[0]?.payload.url), rows]));
    expect(new Set(byUrl.keys())).toEqual(new Set(e.site.articles.keys()));

    const duplicates = [...articles.values()].filter((rows) => rows.some((r) => r.event_type === "ArticleDuplicateDetected"));
    expect(duplicates).toHaveLength(1);
    for (const [url, rows] of byUrl) {
      const types = rows.map((r) => storyDecision(r.event_type));
      expect(types, url).toEqual(duplicates.includes(rows) ? DUPLICATE : ORIGINAL);
      const correlation = rows[0]?.metadata.correlationId;
      expect(
        rows.every((r) => r.metadata.correlationId === correlation),
        url,
      ).toBe(true);
    }
    // The syndicated wire copy points at the newspaper's article of the same story.
    const dup = duplicates[0]?.find((r) => r.event_type === "ArticleDuplicateDetected")?.payload;
    const wire = [...e.site.articles].filter(([, a]) => a.slug.startsWith("aleppo-falls-en")).map(([u]) => u);
    const ids = wire.map((u) => byUrl.get(u)?.[0]?.payload.articleId);
    expect(ids).toContain(dup?.articleId);
    expect(ids).toContain(dup?.originalArticleId);
  });

  it("links the French and English mentions of the same places and groups to the same ids", async () => {
    const articles = await stories(e.runtime, "article:");
    // A story is tagged once, on whichever copy the deduplicator accepted first (the newspaper's
    // page or its syndicated wire copy, depending on arrival order), so read every copy of it.
    const entitiesOf = (slug: string) => {
      const urls = new Set([...e.site.articles].filter(([, a]) => a.slug === slug || a.slug === `${slug}-syndicated`).map(([u]) => u));
      const ids = new Set<string>();
      for (const rows of articles.values()) {
        if (!urls.has(String(rows[0]?.payload.url))) continue;
        const tagged = rows.find((r) => r.event_type === "EntitiesTagged")?.payload as { entities: { entityId: string }[] } | undefined;
        for (const x of tagged?.entities ?? []) ids.add(x.entityId);
      }
      expect(ids.size, slug).toBeGreaterThan(0);
      return ids;
    };
    const fr = entitiesOf("alep-offensive-fr");
    const en = entitiesOf("aleppo-falls-en");
    const live = entitiesOf("live-syrie-fr");
    const shared = [...fr].filter((id) => en.has(id));
    // Alep/Aleppo, Bachar/Bashar al-Assad, Hayat Tahrir al-Sham, FDS/SDF, Etats-Unis/United States, Tal Rifaat…
    expect(shared.length).toBeGreaterThanOrEqual(5);
    expect([...live].filter((id) => en.has(id)).length).toBeGreaterThanOrEqual(3);
  });

  it("a second poll of every feed discovers nothing new", async () => {
    const before = await stories(e.runtime, "");
    const feeds = [...before.keys()].filter((s) => s.startsWith("feed:"));
    for (const stream of feeds) await e.runtime.queues.byStage.poll.add("poll-feed", { feedId: stream.slice(5) });
    expect(await e.idle()).toBe(true);
    const after = await stories(e.runtime, "");
    for (const [stream, rows] of after) {
      if (stream.startsWith("article:"))
        expect(
          rows.map((r) => r.event_type),
          stream,
        ).toEqual(before.get(stream)?.map((r) => r.event_type));
      else {
        const polls = rows.filter((r) => r.event_type === "FeedPolled");
        expect(polls.length, stream).toBeGreaterThanOrEqual(2);
        expect(polls.at(-1)?.payload.newItemCount, stream).toBe(0);
      }
    }
  });
});

describe("projections", () => {
  let e: E2E;
  let pipeline: Pipeline;
  beforeAll(async () => {
    e = await createE2E();
    pipeline = e.start();
    for (const url of e.site.feeds) await registerFeed(e.runtime.store, url);
    expect(await e.idle()).toBe(true);
  });
  afterAll(async () => e?.close());

  const snapshot = async () => ({
    articles: await e.runtime.sql`select * from proj_articles order by article_id`,
    entities: await e.runtime.sql`select * from proj_article_entities order by article_id, entity_id`,
    feeds: await e.runtime.sql`select * from proj_feeds order by feed_id`,
    eventTotals: await e.runtime.sql`select * from proj_event_totals order by event_type, reason`,
    eventMinutes: await e.runtime.sql`select * from proj_event_minutes order by event_type, minute`,
    stories: await e.runtime.sql`select * from proj_stories order by story_id`,
    storyArticles: await e.runtime.sql`select * from proj_story_articles order by article_id`,
  });

  it("are kept up to date by the running pipeline and equal a rebuild from the log", async () => {
    await pipeline.stop();
    const live = await snapshot();
    expect(live.articles.map((a) => a.status).sort()).toEqual(["duplicate", "tagged", "tagged", "tagged", "tagged", "tagged"]);
    expect(live.feeds).toHaveLength(3);
    expect(live.feeds.every((f) => f.status === "active" && f.last_polled_at !== null)).toBe(true);
    const [aleppo] = await e.runtime.sql`select articles from proj_entities where entity_id = 'Q41183'`;
    expect(aleppo?.articles).toBeGreaterThanOrEqual(3); // Alep (fr, live blog) and Aleppo (en)
    // Every tagged article is in one story; the story counts add up to the tagged articles.
    expect(live.storyArticles).toHaveLength(5);
    expect(live.stories.reduce((n, s) => n + Number(s.article_count), 0)).toBe(5);
    for (const projection of Object.values(projections)) await rebuildProjection(e.runtime.sql, projection);
    expect(await snapshot()).toEqual(live);
  });
});

describe("failures become events with reasons, and the workers keep going", () => {
  let e: E2E;
  beforeAll(async () => {
    e = await createE2E();
    e.start();
    await registerFeed(e.runtime.store, e.site.faultsFeed);
    await registerFeed(e.runtime.store, e.site.malformedFeed);
    expect(await e.idle(90_000)).toBe(true);
  });
  afterAll(async () => e?.close());

  it("404, 500, timeout, non-HTML and oversized bodies end as ArticleFetchFailed", async () => {
    const articles = await stories(e.runtime, "article:");
    const outcome = new Map(
      [...articles.values()].map((rows) => {
        const url = String(rows[0]?.payload.url);
        const last = rows.find((r) => r.event_type === "ArticleFetchFailed")?.payload;
        return [
          url.slice(url.lastIndexOf("/") + 1),
          last ? `${String(last.reason)}/${String(last.permanent)}` : rows.map((r) => storyDecision(r.event_type)).join(","),
        ];
      }),
    );
    expect(Object.fromEntries(outcome)).toEqual({
      "missing.html": "http-404/true",
      "error.html": "http-500/false",
      "slow.html": "timeout/false",
      "doc.pdf": "not-html/true",
      "huge.html": "too-large/true",
      "ok.html": "ArticleDiscovered,ArticleFetched,ArticleAccepted,EntitiesTagged,story decision",
    });
  });

  it("a document that is not a feed ends as FeedPollFailed with its reason", async () => {
    const feeds = await stories(e.runtime, "feed:");
    const failed = [...feeds.values()].flat().filter((r) => r.event_type === "FeedPollFailed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.payload).toMatchObject({ consecutiveFailures: 1, url: e.site.malformedFeed });
    expect(failed[0]?.payload.reason).toBe("not-a-feed");
  });
});
