import { pollFeed } from "@vigie/feed-poller";
import { startTestServer, type TestServer } from "@vigie/http/testing";
import { feedsProjection, rebuildProjection } from "@vigie/projections";
import { directStageContext } from "@vigie/queue/testing";
import { registerFeed } from "@vigie/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./testing/test-app.ts";

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Le fil du soir</title><link>/</link><language>fr</language>
<item><title>a</title><link>/a.html</link><guid>a</guid></item></channel></rss>`;

describe("feed titles learnt by polling", () => {
  let t: TestApp;
  let server: TestServer;
  beforeAll(async () => {
    t = await createTestApp({ authMode: "anonymous" });
    server = await startTestServer((_req, res) => res.writeHead(200, { "content-type": "application/rss+xml" }).end(RSS));
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it("GET /v1/feeds and the OPML export show the title of the last poll; a title a person sets overrides it, and null gives it back", async () => {
    // Registered without the API's target check: the fixture feed is on 127.0.0.1.
    const { feedId } = await registerFeed(t.runtime.store, `${server.origin}/fil.xml`, { categories: ["soir"] });
    const show = async () => {
      await rebuildProjection(t.runtime.sql, feedsProjection);
      const feeds = (await t.app.inject({ url: "/v1/feeds" })).json() as {
        feeds: { feedId: string; title: string | null; feedTitle: string | null; language?: string | null }[];
      };
      return { feed: feeds.feeds.find((f) => f.feedId === feedId), opml: (await t.app.inject({ url: "/v1/feeds.opml" })).body };
    };
    expect((await show()).feed?.title).toBeNull();

    expect(
      await pollFeed({ feedId }, directStageContext({ jobId: "poll-1" }), {
        store: t.runtime.store,
        sql: t.runtime.sql,
        http: { userAgent: "vigie-test", timeoutMs: 2000, allowHosts: ["127.0.0.1"] },
      }),
    ).toMatchObject({ status: "changed" });
    const polled = await show();
    expect(polled.feed).toMatchObject({ title: "Le fil du soir", feedTitle: "Le fil du soir" });
    expect(polled.opml).toContain('text="Le fil du soir"');

    await t.app.inject({ method: "PATCH", url: `/v1/feeds/${feedId}`, payload: { title: "Mon fil" } });
    const renamed = await show();
    expect(renamed.feed).toMatchObject({ title: "Mon fil", feedTitle: "Le fil du soir" });
    expect(renamed.opml).toContain('text="Mon fil"');

    await t.app.inject({ method: "PATCH", url: `/v1/feeds/${feedId}`, payload: { title: null } });
    expect((await show()).feed?.title).toBe("Le fil du soir");
  });
});
