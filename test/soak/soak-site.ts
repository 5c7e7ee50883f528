import type { IncomingMessage, ServerResponse } from "node:http";
import { listenOnLoopback } from "../chaos/loopback-server.ts";
import { bulkArticlePage } from "@vigie/fixture-site";

export interface SoakSiteOptions {
  feeds: number;
  /** Articles published per second, across all feeds. */
  rate: number;
  /** Items a feed lists (its newest ones). @defaultValue 100 */
  window?: number;
}

export interface SoakSite {
  base: string;
  feedUrls: string[];
  /** Articles published so far. */
  published(): number;
  /** Stops publishing (feeds keep answering with what was published). */
  freeze(): void;
  close(): Promise<void>;
}

/**
 * A news site on 127.0.0.1 that publishes `rate` new articles per second, dealt round-robin to
 * its feeds, each feed listing its newest `window` items: a fixed ingest rate for the soak.
 */
export async function startSoakSite(options: SoakSiteOptions): Promise<SoakSite> {
  const started = Date.now();
  const window = options.window ?? 100;
  let frozenAt: number | undefined;
  const published = () => Math.floor((((frozenAt ?? Date.now()) - started) / 1000) * options.rate);
  let base = "";
  const send = (res: ServerResponse, type: string, body: string) => {
    res.writeHead(200, { "content-type": type, "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
  const feedXml = (f: number) => {
    const n = published();
    const items: string[] = [];
    // Article k belongs to feed k mod feeds; newest first.
    for (let k = n - 1 - ((((n - 1 - f) % options.feeds) + options.feeds) % options.feeds); k >= 0 && items.length < window; k -= options.feeds) {
      const date = new Date(started + (k / options.rate) * 1000).toUTCString();
      items.push(`<item><title>Soak story ${k}</title><link>${base}/s/${k}.html</link><guid>soak-${k}</guid><pubDate>${date}</pubDate></item>`);
    }
    return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Soak ${f}</title><link>${base}/</link>${items.join("")}</channel></rss>`;
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const feed = /^\/feeds\/(\d+)\.xml$/.exec(path);
    if (feed) return send(res, "application/rss+xml", feedXml(Number(feed[1])));
    const page = /^\/s\/(\d+)\.html$/.exec(path);
    if (page) return send(res, "text/html; charset=utf-8", bulkArticlePage(9_000_000 + Number(page[1]), `${base}${path}`));
    res.writeHead(404).end();
  };
  const server = await listenOnLoopback(handler);
  base = server.base;
  return {
    base,
    feedUrls: Array.from({ length: options.feeds }, (_, f) => `${base}/feeds/${f}.xml`),
    published,
    freeze: () => {
      frozenAt ??= Date.now();
    },
    close: server.close,
  };
}
