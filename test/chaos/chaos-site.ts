import type { IncomingMessage, ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server.ts";
import { bulkArticlePage } from "@vigie/fixture-site";

/** How a feed or an article misbehaves on the chaos site. */
export type FeedFault = "ok" | "slow" | "http-500" | "reset" | "redirect" | "oversized" | "malformed" | "retry-after";
export type PageFault = "ok" | "flaky" | "http-500" | "reset" | "slow" | "retry-after" | "redirect";

export interface ChaosSiteOptions {
  feeds: number;
  itemsPerFeed: number;
  /** Deterministic choice of faults. */
  random: () => number;
}

export interface ChaosSite {
  base: string;
  feedUrls: string[];
  /** URLs a correct poller must discover: items of the feeds that answer with a parseable feed. */
  discoverable: Set<string>;
  feedFaults: Map<string, FeedFault>;
  close(): Promise<void>;
}

function pick<T>(random: () => number, table: [T, number][]): T {
  const r = random();
  let acc = 0;
  for (const [value, weight] of table) {
    acc += weight;
    if (r < acc) return value;
  }
  return (table.at(-1) as [T, number])[0];
}

/** A generated news site on 127.0.0.1 with faulty feeds and pages, for the chaos suite. */
export async function startChaosSite(options: ChaosSiteOptions): Promise<ChaosSite> {
  const feedFaults = new Map<number, FeedFault>();
  const pageFaults = new Map<string, PageFault>();
  const hits = new Map<string, number>();
  for (let f = 0; f < options.feeds; f++) {
    feedFaults.set(
      f,
      pick<FeedFault>(options.random, [
        ["ok", 0.76],
        ["slow", 0.06],
        ["redirect", 0.06],
        ["retry-after", 0.03],
        ["http-500", 0.03],
        ["reset", 0.02],
        ["oversized", 0.02],
        ["malformed", 0.02],
      ]),
    );
    for (let i = 0; i < options.itemsPerFeed; i++) {
      pageFaults.set(
        `${f}/${i}`,
        pick<PageFault>(options.random, [
          ["ok", 0.82],
          ["flaky", 0.06],
          ["slow", 0.03],
          ["redirect", 0.03],
          ["retry-after", 0.02],
          ["http-500", 0.02],
          ["reset", 0.02],
        ]),
      );
    }
  }
  let base = "";
  const feedXml = (f: number) =>
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Chaos ${f}</title><link>${base}/</link>${Array.from(
      { length: options.itemsPerFeed },
      (_, i) => `<item><title>Chaos story ${f}-${i}</title><link>${base}/a/${f}/${i}.html</link><guid>chaos-${f}-${i}</guid></item>`,
    ).join("")}</channel></rss>`;
  const send = (res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...headers });
    res.end(body);
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const feed = /^\/feeds\/(\d+)\.xml$/.exec(path);
    if (feed) {
      const f = Number(feed[1]);
      switch (feedFaults.get(f)) {
        case "slow":
          return void setTimeout(() => send(res, 200, "application/rss+xml", feedXml(f)), 1500);
        case "redirect":
          return send(res, 301, "text/plain", "moved", { location: `${base}/moved/${f}.xml` });
        case "retry-after":
          return n === 1 ? send(res, 429, "text/plain", "slow down", { "retry-after": "1" }) : send(res, 200, "application/rss+xml", feedXml(f));
        case "http-500":
          return send(res, 500, "text/plain", "boom");
        case "reset":
          return req.socket.destroy();
        case "oversized":
          return send(res, 200, "application/rss+xml", `<rss version="2.0"><channel><title>big</title>${"<!-- pad -->".repeat(300_000)}</channel></rss>`);
        case "malformed":
          return send(res, 200, "application/rss+xml", "<rss><channel><title>broken<item>");
        default:
          return send(res, 200, "application/rss+xml", feedXml(f));
      }
    }
    const moved = /^\/moved\/(\d+)\.xml$/.exec(path);
    if (moved) return send(res, 200, "application/rss+xml", feedXml(Number(moved[1])));
    const page = /^\/a\/(\d+)\/(\d+)\.html$/.exec(path) ?? /^\/b\/(\d+)\/(\d+)\.html$/.exec(path);
    if (page) {
      const key = `${page[1]}/${page[2]}`;
      const html = () => bulkArticlePage(Number(page[1]) * 100_000 + Number(page[2]), `${base}${path}`);
      const fault = path.startsWith("/b/") ? "ok" : pageFaults.get(key);
      switch (fault) {
        case "flaky":
          return n <= 2 ? send(res, 503, "text/plain", "try again") : send(res, 200, "text/html; charset=utf-8", html());
        case "slow":
          return void setTimeout(() => !res.destroyed && send(res, 200, "text/html; charset=utf-8", html()), 6000);
        case "redirect":
          return send(res, 302, "text/plain", "moved", { location: `${base}/b/${key}.html` });
        case "retry-after":
          return n === 1 ? send(res, 429, "text/plain", "slow down", { "retry-after": "1" }) : send(res, 200, "text/html; charset=utf-8", html());
        case "http-500":
          return send(res, 500, "text/plain", "boom");
        case "reset":
          return n <= 1 ? req.socket.destroy() : send(res, 200, "text/html; charset=utf-8", html());
        default:
          return send(res, 200, "text/html; charset=utf-8", html());
      }
    }
    send(res, 404, "text/plain", "not found");
  };
  const server = await listenOnLoopback(handler);
  base = server.base;
  const discoverable = new Set<string>();
  const feedUrls: string[] = [];
  const faultsByUrl = new Map<string, FeedFault>();
  for (let f = 0; f < options.feeds; f++) {
    const url = `${base}/feeds/${f}.xml`;
    feedUrls.push(url);
    const fault = feedFaults.get(f) ?? "ok";
    faultsByUrl.set(url, fault);
    if (!["http-500", "reset", "oversized", "malformed"].includes(fault)) {
      for (let i = 0; i < options.itemsPerFeed; i++) discoverable.add(`${base}/a/${f}/${i}.html`);
    }
  }
  return {
    base,
    feedUrls,
    discoverable,
    feedFaults: faultsByUrl,
    close: server.close,
  };
}
