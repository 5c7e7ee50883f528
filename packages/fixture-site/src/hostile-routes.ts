import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { bulkParagraphs } from "./bulk-text.ts";
import { newspaperPage, rssFeed, type FeedEntry } from "./templates.ts";

/** Options of the hostile routes (`/hostile/…`) of the fixture site. */
export interface HostileRoutesOptions {
  /**
   * Base URL of a server that must never be contacted (another loopback server the test
   * watches): XXE entities and SSRF targets point at it.
   */
  canary: string;
  /**
   * Longest a streaming route (slow loris, 50 MB bodies, gzip bomb) keeps its connection
   * open, whatever the client does.
   * @defaultValue 60000
   */
  maxStreamMs?: number;
}

/** Feeds that misbehave, each at `/hostile/feed/<case>.xml`. */
export const HOSTILE_FEEDS = [
  "malformed",
  "billion-laughs",
  "xxe",
  "gzip-bomb",
  "huge",
  "slow-loris",
  "invalid-utf8",
  "redirect-loop",
  "ssrf-redirect",
  "poisoned-item",
] as const;
/** Pages that misbehave, each at `/hostile/page/<case>.html`, listed by `/hostile/list/<case>.xml`. */
export const HOSTILE_PAGES = ["nested", "binary", "huge", "invalid-bytes", "nul-bytes", "redirect-loop", "ssrf-redirect", "oversized-event"] as const;
export type HostileFeed = (typeof HOSTILE_FEEDS)[number];
export type HostilePage = (typeof HOSTILE_PAGES)[number];

export interface HostileRoutes {
  /** Answers a `/hostile/…` request; false when the path is not one of them. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Bytes written on the wire per path (after compression), for the streaming routes. */
  sent: Map<string, number>;
  /** Connections of streaming routes still open. */
  openStreams(): number;
  /** The links `/hostile/list/ssrf.xml` lists: each must be refused without a request. */
  ssrfTargets(): string[];
}

const MB = 1024 * 1024;

/** Whitespace in one gzip member of the bomb: 16 MB, about 16 KB on the wire. */
const BOMB_MEMBER_BYTES = 16 * MB;
let bombMemberCache: Buffer | undefined;
function bombMember(): Buffer {
  bombMemberCache ??= gzipSync(Buffer.alloc(BOMB_MEMBER_BYTES, " "), { level: 9 });
  return bombMemberCache;
}

/** A stable number per name, to give every control article its own text. */
function seedOf(name: string): number {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return 5_000_000 + ((h >>> 0) % 1_000_000);
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** A normal article page with its own text (the fixture's bulk template). */
function articlePage(name: string, url: string): string {
  const seed = seedOf(name);
  return newspaperPage(
    {
      slug: name,
      title: `Control story ${seed}`,
      lang: "en",
      date: "2024-12-05T00:00:00Z",
      author: "Hostile Suite",
      section: "bulk",
      live: false,
      paragraphs: bulkParagraphs(seed),
    },
    url,
    "Hostile",
  );
}

const concat = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

/**
 * Hostile inputs for the system tests, served by the fixture site: every big body is generated
 * as a stream under back-pressure (never held in memory), and every stream ends by itself.
 */
export function hostileRoutes(base: () => string, options: HostileRoutesOptions): HostileRoutes {
  const sent = new Map<string, number>();
  const streams = new Set<ServerResponse>();
  const maxStreamMs = options.maxStreamMs ?? 60_000;
  const canary = options.canary;
  const control = (name: string) => `${base()}/hostile/control/${name}.html`;
  const item = (name: string, link: string): FeedEntry => ({ id: `urn:hostile:${name}`, title: `Hostile ${name}`, link, date: "2024-12-05T00:00:00Z" });
  const list = (name: string, links: string[]) =>
    rssFeed(
      `Hostile ${name}`,
      `${base()}/hostile/`,
      "en",
      links.map((l, i) => item(`${name}-${i}`, l)),
    );
  const rssHead = (title: string) => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><link>${base()}/</link>`;
  const rssItem = (title: string, link: string) => `<item><title>${title}</title><link>${link}</link><guid>${link}</guid></item>`;

  /**
   * Writes `chunk` into `sink` (the response, or a compressor piped into it) until `total` bytes
   * went in, the client left, or the time bound passed.
   */
  const pump = (res: ServerResponse, total: number, chunk: Buffer, sink: NodeJS.WritableStream = res) => {
    streams.add(res);
    let written = 0;
    let done = false;
    const stop = () => {
      done = true;
      clearTimeout(bound);
      streams.delete(res);
    };
    const bound = setTimeout(() => {
      stop();
      res.destroy();
    }, maxStreamMs);
    res.on("close", stop);
    const next = () => {
      while (!done && written < total) {
        written += chunk.length;
        if (!sink.write(chunk)) return void sink.once("drain", next);
      }
      if (!done) {
        sink.end();
        stop();
      }
    };
    next();
  };
  /** Counts the bytes of `path` that go on the wire. */
  const meter = (res: ServerResponse, path: string) => {
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      sent.set(path, (sent.get(path) ?? 0) + (typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength));
      return write(chunk, ...rest);
    }) as typeof res.write;
  };

  const slowLoris = (res: ServerResponse) => {
    // Raw bytes on the socket: headers that never finish, one byte at a time.
    const socket = res.socket;
    if (!socket) return;
    streams.add(res);
    const head = `HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Slow: ${"z".repeat(10_000)}`;
    let i = 0;
    const started = Date.now();
    const tick = setInterval(() => {
      if (socket.destroyed || Date.now() - started > maxStreamMs || i >= head.length) {
        clearInterval(tick);
        streams.delete(res);
        socket.destroy();
        return;
      }
      socket.write(head.charAt(i++));
    }, 100);
    socket.on("close", () => {
      clearInterval(tick);
      streams.delete(res);
    });
  };

  const feeds: Record<HostileFeed, (req: IncomingMessage, res: ServerResponse, path: string) => void> = {
    malformed: (_q, res) =>
      send(
        res,
        200,
        "application/rss+xml",
        `${rssHead("Malformed")}<item><title><![CDATA[never closed</title><link>${control("malformed-item")}</link></item></channel></rss>`,
      ),
    "billion-laughs": (_q, res) => {
      const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k === 0 ? "" : k};`.repeat(10)}">`)].join(
        "",
      );
      send(
        res,
        200,
        "application/rss+xml",
        `<?xml version="1.0"?><!DOCTYPE rss [${entities}]><rss version="2.0"><channel><title>&lol9;</title>${rssItem("Laughs &lol9;", control("billion-laughs-item"))}</channel></rss>`,
      );
    },
    xxe: (_q, res) => {
      const doctype = `<!DOCTYPE rss SYSTEM "${canary}/xxe/doctype.dtd" [<!ENTITY remote SYSTEM "${canary}/xxe/entity"><!ENTITY local SYSTEM "file:///etc/passwd"><!ENTITY % param SYSTEM "${canary}/xxe/param.dtd"> %param;]>`;
      send(
        res,
        200,
        "application/rss+xml",
        `<?xml version="1.0"?>${doctype}<rss version="2.0"><channel><title>XXE &remote;</title>${rssItem("Item &local; &remote;", control("xxe-item"))}</channel></rss>`,
      );
    },
    "gzip-bomb": (_q, res, path) => {
      // About 1 GB of whitespace inside a feed, compressed about 1000:1: gzip members made once
      // and sent back to back (a gzip stream may hold several), so serving the bomb costs this
      // process no CPU and the client's budget goes to its own decompression only.
      res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": "gzip" });
      meter(res, path);
      res.write(gzipSync(rssHead("Bomb")));
      const member = bombMember();
      pump(res, Math.ceil((1024 * MB) / BOMB_MEMBER_BYTES) * member.length, member);
    },
    huge: (_q, res, path) => {
      res.writeHead(200, { "content-type": "application/rss+xml" }); // chunked: no length to refuse early
      meter(res, path);
      res.write(rssHead("Huge"));
      pump(res, 50 * MB, Buffer.from(`<!-- ${"padding ".repeat(8190)} -->`));
    },
    "slow-loris": (_q, res) => slowLoris(res),
    "invalid-utf8": (_q, res) => {
      // Declared UTF-8, but with bytes no UTF-8 decoder accepts (lone continuation bytes,
      // surrogates, overlong forms), in the channel title and in the item title.
      const link = control("invalid-utf8-item");
      const body = concat(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Octets ',
        [0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xc0, 0xaf],
        `</title><link>${base()}/</link><item><title>Invalid `,
        [0xe2, 0x82, 0xff, 0xf8, 0x88, 0x80],
        `</title><link>${link}</link><guid>${link}</guid></item></channel></rss>`,
      );
      send(res, 200, "application/rss+xml; charset=utf-8", body);
    },
    "redirect-loop": (_q, res) => send(res, 302, "text/plain", "again", { location: `${base()}/hostile/feed/redirect-loop.xml?again` }),
    "ssrf-redirect": (_q, res) => send(res, 302, "text/plain", "inside", { location: `${canary}/ssrf/feed-redirected.xml` }),
    "poisoned-item": (_q, res) =>
      send(
        res,
        200,
        "application/rss+xml",
        `${rssHead("Poisoned")}${rssItem("Endless link", `${base()}/hostile/control/${"x".repeat(9000)}.html`)}${rssItem("Good item", control("poisoned-item-good"))}</channel></rss>`,
      ),
  };

  let nested: Buffer | undefined;
  let names: string | undefined;
  const pages: Record<HostilePage, (req: IncomingMessage, res: ServerResponse, path: string) => void> = {
    nested: (_q, res) => {
      nested ??= Buffer.from(`<html><body>${"<div>".repeat(100_000)}deep text${"</div>".repeat(100_000)}</body></html>`);
      send(res, 200, "text/html; charset=utf-8", nested);
    },
    binary: (_q, res) => {
      let s = 42;
      const noise = Buffer.alloc(200_000).map(() => (s = (s * 1103515245 + 12345) % 2 ** 31) & 0xff);
      send(res, 200, "text/html; charset=utf-8", noise);
    },
    huge: (_q, res, path) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      meter(res, path);
      res.write("<html><body><article>");
      pump(res, 50 * MB, Buffer.from(`<p>${"filler words ".repeat(5000)}</p>`));
    },
    "invalid-bytes": (_q, res) => {
      const page = Buffer.from(articlePage("invalid-bytes", `${base()}/hostile/page/invalid-bytes.html`));
      const at = page.indexOf("(item ");
      send(
        res,
        200,
        "text/html; charset=utf-8",
        Buffer.concat([page.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]), page.subarray(at)]),
      );
    },
    "nul-bytes": (_q, res) => {
      const page = articlePage("nul-bytes", `${base()}/hostile/page/nul-bytes.html`);
      send(res, 200, "text/html; charset=utf-8", page.replaceAll(" (item ", "\u0000 (item\u0000 "));
    },
    "redirect-loop": (_q, res) => send(res, 302, "text/plain", "again", { location: `${base()}/hostile/page/redirect-loop.html?again` }),
    "ssrf-redirect": (_q, res) => send(res, 302, "text/plain", "inside", { location: `${canary}/ssrf/page-redirected.html` }),
    "oversized-event": (_q, res) => {
      // About 12k entity mentions: the EntitiesTagged event would be over the 1 MiB event limit.
      names ??= `<html><head><title>Who met whom</title></head><body><article><h1>Who met whom</h1>${Array.from(
        { length: 400 },
        (_, i) => `<p>${"Emmanuel Macron met Joe Biden in Paris and then flew to London with Angela Merkel. ".repeat(6)} Paragraph ${i}.</p>`,
      ).join("")}</article></body></html>`;
      send(res, 200, "text/html; charset=utf-8", names);
    },
  };

  /** SSRF targets listed by `/hostile/list/ssrf.xml`: each must be refused without a request. */
  const ssrfTargets = () => {
    const port = new URL(canary).port;
    return [
      `${canary}/ssrf/loopback.html`,
      `http://localhost:${port}/ssrf/name.html`,
      `http://[::1]:${port}/ssrf/ipv6-loopback.html`,
      `http://[::ffff:127.0.0.1]:${port}/ssrf/ipv4-mapped.html`,
      `http://2130706433:${port}/ssrf/decimal.html`,
      `http://0.0.0.0:${port}/ssrf/unspecified.html`,
      "http://10.0.0.1/ssrf/private.html",
      "http://169.254.169.254/latest/meta-data/",
      `${base()}/hostile/page/ssrf-redirect.html`,
    ];
  };

  return {
    sent,
    openStreams: () => streams.size,
    ssrfTargets,
    handle(req, res) {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (!path.startsWith("/hostile/")) return false;
      const [, , kind, file = ""] = path.split("/");
      const name = file.replace(/\.(xml|html)$/, "");
      if (kind === "feed" && Object.hasOwn(feeds, name)) feeds[name as HostileFeed](req, res, path);
      else if (kind === "page" && Object.hasOwn(pages, name)) pages[name as HostilePage](req, res, path);
      else if (kind === "list" && name === "ssrf") send(res, 200, "application/rss+xml", list(name, ssrfTargets()));
      else if (kind === "list" && Object.hasOwn(pages, name)) send(res, 200, "application/rss+xml", list(name, [`${base()}/hostile/page/${name}.html`]));
      else if (kind === "control" && file.endsWith(".xml")) send(res, 200, "application/rss+xml", list(`control-${name}`, [control(name)]));
      else if (kind === "control" && file.endsWith(".html") && name.length < 200) send(res, 200, "text/html; charset=utf-8", articlePage(name, control(name)));
      else send(res, 404, "text/plain", "no such hostile route");
      return true;
    },
  };
}
