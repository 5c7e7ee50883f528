import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { loadConfig } from "@vigie/config";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { countEvents, countEventsByType } from "@vigie/event-store";
import { listStories, readStory } from "@vigie/projections";
import { registerFeed } from "@vigie/runtime";
import { createLogger } from "@vigie/logger";
import { createRuntime, type Runtime } from "@vigie/runtime";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "@vigie/api";
import { feedAdminFor } from "@vigie/api/testing";
import { startPipeline, waitForIdle } from "@vigie/cli/pipeline";
import { startFixtureSite, type FixtureSite } from "@vigie/fixture-site";

type FastifyInstance = Awaited<ReturnType<typeof buildApp>>;
const CHROMIUM = "/usr/bin/chromium";
const SHOTS = new URL("../../reports/screenshots/", import.meta.url);
const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`dashboard browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`);

describe.skipIf(missing)(`dashboard and bull-board in Chromium after a demo run${missing ? ` (skipped: ${CHROMIUM} missing)` : ""}`, () => {
  let site: FixtureSite;
  let db: TestDatabase;
  let runtime: Runtime;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    site = await startFixtureSite();
    db = await createTestDatabase();
    const config = loadConfig(undefined, {
      DATABASE_URL: db.url,
      REDIS_PREFIX: `vigie-test-browser-${randomBytes(4).toString("hex")}`,
      HTTP_ALLOW_HOSTS: "127.0.0.1",
      FETCH_PER_HOST_PER_SECOND: "1000",
      HTTP_TIMEOUT_MS: "5000",
      LOG_LEVEL: "silent",
    });
    runtime = createRuntime(config, createLogger({ level: "silent" }), { poolSize: 12 }); // 7 consumers of the log + stages
    const pipeline = startPipeline(runtime, { concurrency: 4 });
    try {
      for (const [i, url] of site.feeds.entries()) await registerFeed(runtime.store, url, { categories: [i % 2 === 0 ? "France" : "Monde", "démo"] });
      if (!(await waitForIdle(runtime, { timeoutMs: 90_000 }))) throw new Error("the demo pipeline did not become idle in 90 s");
    } finally {
      await pipeline.stop();
    }
    app = await buildApp({ runtime, feeds: feedAdminFor(runtime), authMode: "anonymous" });
    await app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (runtime) {
      const keys = await runtime.redis.keys(`${runtime.prefix}:*`);
      if (keys.length > 0) await runtime.redis.del(...keys);
      await runtime.close();
    }
    await db?.drop();
    await site?.close();
  });

  it("the dashboard's funnel equals the event table", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const res = await page.goto(`${base}/`);
    expect(res?.status()).toBe(200);
    const counts = await countEventsByType(runtime.sql, { withinSeconds: 86_400 });
    const shown = async (key: string) => Number(await page.locator(`[data-funnel="day-${key}"]`).textContent());
    expect(counts.ArticleDiscovered).toBeGreaterThan(0);
    expect(await shown("discovered")).toBe(counts.ArticleDiscovered ?? 0);
    expect(await shown("fetched")).toBe(counts.ArticleFetched ?? 0);
    expect(await shown("accepted")).toBe(counts.ArticleAccepted ?? 0);
    expect(await shown("duplicate")).toBe(counts.ArticleDuplicateDetected ?? 0);
    expect(await shown("tagged")).toBe(counts.EntitiesTagged ?? 0);
    expect(Number(await page.locator('[data-funnel="hour-discovered"]').textContent())).toBe(counts.ArticleDiscovered ?? 0);
    // Feeds and newest articles come from the projections the demo filled.
    expect(await page.locator("#feeds tbody tr").count()).toBe(site.feeds.length);
    // Feeds by name (their own titles, learnt by polling), not by URL, with their categories.
    const names = await page.locator("#feeds tbody tr td:first-child a").allTextContents();
    expect(names.filter((n) => /^https?:/.test(n))).toEqual([]);
    const labels = await page.locator("#feeds [data-categories]").allTextContents();
    expect(labels.every((l) => /démo/.test(l) && /France|Monde/.test(l))).toBe(true);
    await expect(page.locator("#articles").textContent()).resolves.toMatch(/Alep/);
    await page.screenshot({ path: new URL("dashboard.png", SHOTS).pathname, fullPage: true });
    await page.close();
  });

  it("the dashboard's attention chart and trending list agree with the read models", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${base}/`);
    // Every article of the demo was discovered within the chart's 48 hours.
    const [{ n: articles } = { n: 0 }] = await runtime.sql<
      { n: number }[]
    >`select count(*)::int as n from proj_articles where discovered_at > now() - interval '47 hours'`;
    const chart = page.locator("svg#attention");
    expect(articles).toBeGreaterThan(0);
    expect(Number(await chart.getAttribute("data-total"))).toBe(articles);
    const perBucket = await page.locator("svg#attention g[data-bucket]").evaluateAll((gs) => gs.map((g) => Number(g.getAttribute("data-count"))));
    expect(perBucket).toHaveLength(48);
    expect(perBucket.reduce((a, b) => a + b, 0)).toBe(articles);
    expect(await page.locator("svg#attention rect").count()).toBeGreaterThan(0);
    // No baseline yet (the demo is minutes old): each entity's score is its article count, so the
    // list is the entities in two articles or more, most articles first.
    const counts = await runtime.sql<{ entity_id: string; n: number }[]>`
      select x.entity_id, count(*)::int as n from proj_article_entities x join proj_articles a using (article_id)
      group by x.entity_id having count(*) >= 2 order by n desc, x.entity_id collate "C" limit 12`;
    expect(counts.length).toBeGreaterThan(0);
    const shown = await page
      .locator("#trending li")
      .evaluateAll((lis) => lis.map((li) => [li.getAttribute("data-entity"), Number(li.getAttribute("data-score"))]));
    expect(shown).toEqual(counts.map((c) => [c.entity_id, c.n]));
    await page.locator("svg#attention").scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL("dashboard-attention.png", SHOTS).pathname, clip: { x: 0, y: 0, width: 1280, height: 700 } });
    await page.close();
  });

  it("the dashboard's stories section shows the most recently active stories as the read model has them", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${base}/`);
    const stories = await listStories(runtime.sql, { limit: 10 });
    expect(stories.length).toBeGreaterThan(0);
    // The demo has stories reported in both languages by several outlets.
    expect(stories.some((s) => s.articleCount >= 2 && s.languages.length === 2)).toBe(true);
    const rows = await page.locator("#stories tbody tr[data-story]").evaluateAll((trs) =>
      trs.map((tr) => ({
        storyId: tr.getAttribute("data-story"),
        articles: Number(tr.querySelector(".count")?.textContent),
        languages: [...tr.querySelectorAll("[data-language]")].map((l) => l.getAttribute("data-language")),
        outlets: [...tr.querySelectorAll("[data-outlet]")].map((o) => o.getAttribute("data-outlet")),
      })),
    );
    const expected = await Promise.all(
      stories.map(async (s) => ({
        storyId: s.storyId,
        articles: s.articleCount,
        languages: s.languages,
        outlets: ((await readStory(runtime.sql, s.storyId))?.outlets ?? []).slice(0, 4).map((o) => o.outlet),
      })),
    );
    expect(rows).toEqual(expected);
    expect(rows.some((r) => r.outlets.length >= 2)).toBe(true);
    await page.locator("#stories").scrollIntoViewIfNeeded();
    await page.locator("#stories").screenshot({ path: new URL("dashboard-stories.png", SHOTS).pathname });
    await page.close();
  });

  it("bull-board lists the pipeline's queues with their completed jobs", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/admin/queues`);
    for (const name of ["poll-feed", "fetch-article", "deduplicate-article", "tag-article"]) {
      await page.getByText(name, { exact: true }).first().waitFor({ timeout: 15_000 });
    }
    await page.screenshot({ path: new URL("bull-board.png", SHOTS).pathname });
    await page.goto(`${base}/admin/queues/queue/fetch-article?status=completed`);
    const fetched = await countEvents(runtime.sql, { types: ["ArticleFetched"] });
    await expect.poll(async () => page.locator("text=/^#?[0-9a-f-]{36}$/").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(fetched).toBeGreaterThan(0);
    await page.close();
  });
});
