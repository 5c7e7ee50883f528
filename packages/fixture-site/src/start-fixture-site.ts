import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { bulkParagraphs } from "./bulk-text.ts";
import { hostileRoutes, type HostileRoutes, type HostileRoutesOptions } from "./hostile-routes.ts";
import { loadArticles, type FixtureArticle } from "./load-articles.ts";
import { aggregatorPage, atomFeed, newspaperPage, rssFeed, type FeedEntry } from "./templates.ts";

export interface FixtureSiteOptions {
  /** Extra generated feeds for load tests: `feeds` feeds of `itemsPerFeed` items each. */
  bulk?: { feeds: number; itemsPerFeed: number };
  /** Delay of /faults/slow.html in ms. @defaultValue 30000 */
  slowMs?: number;
  /** Loopback address both sites listen on. @defaultValue "127.0.0.1" */
  host?: string;
  /** Serve the hostile routes (`/hostile/…`, see hostile-routes.ts) on site A. @defaultValue not served */
  hostile?: HostileRoutesOptions;
}

export interface FixtureSite {
  /** The newspaper (site A) and the aggregator that republishes a wire story (site B). */
  siteA: string;
  siteB: string;
  /** The demo's feeds: French RSS, English Atom, the aggregator's RSS. */
  feeds: string[];
  /** A feed whose items all fail in a different way, plus one good article. */
  faultsFeed: string;
  malformedFeed: string;
  bulkFeeds: string[];
  /** Articles of the demo feeds, by URL. */
  articles: Map<string, FixtureArticle & { site: "A" | "B" }>;
  requests: Map<string, number>;
  /** Present when `hostile` was given. */
  hostile?: HostileRoutes;
  close(): Promise<void>;
}

const SYNDICATED = "aleppo-falls-en-syndicated";

/** Site A's robots.txt: nothing a feed links to is disallowed. */
const FIXTURE_ROBOTS_TXT = "User-agent: *\nDisallow: /private/\nDisallow: /search\n";

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, host = "127.0.0.1"): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, base: `http://${host}:${(server.address() as AddressInfo).port}` };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** A generated English article page (distinct text per seed), for load and chaos tests. */
export function bulkArticlePage(seed: number, url: string): string {
  const page: FixtureArticle = {
    slug: `bulk-${seed}`,
    title: `Generated story ${seed}`,
    lang: "en",
    date: "2024-12-01T00:00:00Z",
    author: "Load Test",
    section: "bulk",
    live: false,
    paragraphs: bulkParagraphs(seed),
  };
  return newspaperPage(page, url, "Bulk");
}

/** Starts the fixture news site on two loopback ports. Nothing leaves 127.0.0.1. */
export async function startFixtureSite(options: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const all = loadArticles();
  const mine = all.filter((a) => a.slug !== SYNDICATED);
  const wire = all.filter((a) => a.slug === SYNDICATED);
  const requests = new Map<string, number>();
  const sockets = new Set<Socket>();
  const count = (req: IncomingMessage) => requests.set(req.url ?? "", (requests.get(req.url ?? "") ?? 0) + 1);
  const articles = new Map<string, FixtureArticle & { site: "A" | "B" }>();
  let siteA = "";
  let siteB = "";
  const urlA = (a: FixtureArticle) => `${siteA}/${a.live ? "live" : "articles"}/${a.slug}.html`;
  const urlB = (a: FixtureArticle) => `${siteB}/world/${a.slug}.html`;
  const entry = (a: FixtureArticle, link: string): FeedEntry => ({ id: `urn:vigie-fixture:${a.slug}`, title: a.title, link, date: a.date, author: a.author });
  const hostile = options.hostile ? hostileRoutes(() => siteA, options.hostile) : undefined;

  const a = await listen((req, res) => {
    count(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const article = mine.find((x) => path === new URL(urlA(x)).pathname);
    if (article) return send(res, 200, "text/html; charset=utf-8", newspaperPage(article, urlA(article), "Le Quotidien de Test"));
    // Allows every page the feeds link to (the demo, e2e and chaos runs fetch them all); site B
    // has no robots.txt (a 404: allow all), so both of the fetcher's usual cases are exercised.
    if (path === "/robots.txt") return send(res, 200, "text/plain; charset=utf-8", FIXTURE_ROBOTS_TXT);
    if (path === "/fr/rss.xml")
      return send(
        res,
        200,
        "application/rss+xml; charset=utf-8",
        rssFeed(
          "Le Quotidien — International",
          `${siteA}/fr/`,
          "fr",
          mine.filter((x) => x.lang === "fr").map((x) => entry(x, urlA(x))),
        ),
      );
    if (path === "/en/atom.xml")
      return send(
        res,
        200,
        "application/atom+xml; charset=utf-8",
        atomFeed(
          "The Test Daily — World",
          `${siteA}/en/`,
          mine.filter((x) => x.lang === "en").map((x) => entry(x, urlA(x))),
        ),
      );
    if (path === "/faults/rss.xml") {
      const items = ["missing", "error", "slow", "doc.pdf", "huge", "ok"].map((slug) => ({
        id: `urn:fault:${slug}`,
        title: `Fault ${slug}`,
        link: `${siteA}/faults/${slug.includes(".") ? slug : `${slug}.html`}`,
        date: "2024-12-03T00:00:00Z",
      }));
      return send(res, 200, "application/rss+xml", rssFeed("Faults", `${siteA}/faults/`, "en", items));
    }
    // Not a feed at all: a truncated feed would be recovered, as feedparser's loose mode does.
    if (path === "/faults/malformed.xml") return send(res, 200, "application/rss+xml", "<?xml version='1.0'?><broken");
    if (path === "/faults/missing.html") return send(res, 404, "text/html", "<h1>Not found</h1>");
    if (path === "/faults/error.html") return send(res, 500, "text/html", "<h1>Internal error</h1>");
    if (path === "/faults/doc.pdf") return send(res, 200, "application/pdf", Buffer.from("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj<<>>endobj\n", "binary"));
    if (path === "/faults/slow.html") {
      const timer = setTimeout(() => send(res, 200, "text/html", "<p>too late</p>"), options.slowMs ?? 30_000);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    if (path === "/faults/huge.html") {
      res.writeHead(200, { "content-type": "text/html" });
      const chunk = Buffer.alloc(64 * 1024, "<p>bla bla bla</p>");
      let sent = 0;
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent >= 64 * 1024 * 1024) res.end();
      };
      res.on("drain", pump);
      res.on("close", () => res.off("drain", pump));
      return pump();
    }
    if (path === "/faults/ok.html") {
      const sample = mine.find((x) => x.lang === "en" && !x.live) ?? mine[0];
      if (sample)
        return send(
          res,
          200,
          "text/html; charset=utf-8",
          newspaperPage({ ...sample, title: "Control article for the faults feed", paragraphs: bulkParagraphs(999_999) }, `${siteA}/faults/ok.html`, "Faults"),
        );
    }
    const bulkFeed = /^\/bulk\/feed-(\d+)\.xml$/.exec(path);
    const bulk = options.bulk;
    if (bulkFeed && bulk) {
      const f = Number(bulkFeed[1]);
      const items = Array.from({ length: bulk.itemsPerFeed }, (_, i) => ({
        id: `urn:bulk:${f}:${i}`,
        title: `Bulk story ${f}-${i}`,
        link: `${siteA}/bulk/${f}/${i}.html`,
        date: new Date(Date.UTC(2024, 11, 1) + (f * bulk.itemsPerFeed + i) * 60_000).toISOString(),
      }));
      return send(res, 200, "application/rss+xml", rssFeed(`Bulk ${f}`, `${siteA}/bulk/`, "en", items));
    }
    const bulkPage = /^\/bulk\/(\d+)\/(\d+)\.html$/.exec(path);
    if (bulkPage && bulk) {
      return send(res, 200, "text/html; charset=utf-8", bulkArticlePage(Number(bulkPage[1]) * 1_000_000 + Number(bulkPage[2]), `${siteA}${path}`));
    }
    if (hostile?.handle(req, res)) return;
    send(res, 404, "text/html", "<h1>Not found</h1>");
  }, options.host);
  const b = await listen((req, res) => {
    count(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const article = wire.find((x) => path === new URL(urlB(x)).pathname);
    if (article) return send(res, 200, "text/html; charset=utf-8", aggregatorPage(article, urlB(article), "World Wire Digest"));
    if (path === "/feed.xml")
      return send(
        res,
        200,
        "application/rss+xml",
        rssFeed(
          "World Wire Digest",
          `${siteB}/`,
          "en",
          wire.map((x) => entry(x, urlB(x))),
        ),
      );
    send(res, 404, "text/html", "<h1>Not found</h1>");
  }, options.host);
  for (const s of [a.server, b.server])
    s.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
  siteA = a.base;
  siteB = b.base;
  for (const x of mine) articles.set(urlA(x), { ...x, site: "A" });
  for (const x of wire) articles.set(urlB(x), { ...x, site: "B" });
  return {
    siteA,
    siteB,
    feeds: [`${siteA}/fr/rss.xml`, `${siteA}/en/atom.xml`, `${siteB}/feed.xml`],
    faultsFeed: `${siteA}/faults/rss.xml`,
    malformedFeed: `${siteA}/faults/malformed.xml`,
    bulkFeeds: options.bulk ? Array.from({ length: options.bulk.feeds }, (_, f) => `${siteA}/bulk/feed-${f}.xml`) : [],
    articles,
    requests,
    ...(hostile ? { hostile } : {}),
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([a.server, b.server].map((s) => new Promise((r) => s.close(r))));
    },
  };
}
