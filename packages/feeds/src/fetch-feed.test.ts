import { createServer } from "node:http";
import type { Server } from "node:http";
import iconv from "iconv-lite";
import { HttpFetchError } from "@vigie/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpStatusError } from "@vigie/http";
import { fetchFeed } from "./fetch-feed.ts";
import type { FetchFeedOptions } from "./fetch-feed.ts";
import { parseFeed } from "./parse-feed.ts";

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title><item><title>One</title><link>https://local.example/1</link></item></channel></rss>`;
const POLISH = "Zażółć gęślą jaźń: wiadomości";
let server: Server;
let origin = "";
let lyingEtag = 0;
const options: FetchFeedOptions = { userAgent: "vigie-test", allowHosts: ["127.0.0.1"], timeoutMs: 2_000, now: () => Date.parse("2026-11-25T10:00:00Z") };

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    const send = (status: number, headers: Record<string, string> = {}, body: string | Buffer = ""): void => {
      res.writeHead(status, headers).end(body);
    };
    switch (path) {
      case "/etag":
        if (req.headers["if-none-match"] === '"v1"') return send(304, { etag: '"v1"' });
        return send(200, { etag: '"v1"', "last-modified": "Tue, 24 Nov 2026 10:00:00 GMT", "cache-control": "public, max-age=900" }, FEED);
      case "/last-modified":
        if (req.headers["if-modified-since"] === "Tue, 24 Nov 2026 10:00:00 GMT") return send(304);
        return send(200, { "last-modified": "Tue, 24 Nov 2026 10:00:00 GMT" }, FEED);
      case "/lying":
        // ignores conditional requests and changes its ETag every time; the body never changes
        lyingEtag += 1;
        return send(200, { etag: `"${lyingEtag}"`, "cache-control": "no-cache" }, FEED);
      case "/unsolicited-304":
        return send(304);
      case "/429":
        return send(429, { "retry-after": "120" });
      case "/503":
        return send(503, { "retry-after": "Wed, 25 Nov 2026 11:00:00 GMT" });
      case "/404":
        return send(404);
      case "/410":
        return send(410);
      case "/500":
        return send(500);
      case "/moved-301":
        return send(301, { location: "/etag" });
      case "/moved-308":
        return send(308, { location: "/etag" });
      case "/found-302":
        return send(302, { location: "/etag" });
      case "/301-then-302":
        return send(301, { location: "/found-302" });
      case "/302-then-301":
        return send(302, { location: "/moved-301" });
      case "/to-metadata":
        return send(302, { location: "http://169.254.169.254/latest/meta-data/" });
      case "/big":
        return send(200, { "content-type": "application/rss+xml" }, `<rss version="2.0"><channel><title>${"x".repeat(300_000)}</title></channel></rss>`);
      case "/slow":
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.write("<rss version='2.0'><channel>");
        return; // never finishes
      case "/cp1252":
        return send(
          200,
          { "content-type": "application/rss+xml; charset=iso-8859-2" },
          iconv.encode(`<?xml version="1.0"?><rss version="2.0"><channel><title>${POLISH}</title></channel></rss>`, "iso-8859-2"),
        );
      default:
        return send(500);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe("fetchFeed conditional GET", () => {
  it("returns the body, validators and max-age, then 304 → not-modified", async () => {
    const first = await fetchFeed(`${origin}/etag`, {}, options);
    expect(first).toMatchObject({ status: "changed", httpStatus: 200, etag: '"v1"', lastModified: "Tue, 24 Nov 2026 10:00:00 GMT", maxAgeSeconds: 900 });
    expect(first.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(new TextDecoder().decode(first.body)).toBe(FEED);
    const second = await fetchFeed(`${origin}/etag`, { etag: first.etag, bodyHash: first.bodyHash }, options);
    expect(second).toMatchObject({ status: "not-modified", httpStatus: 304, etag: '"v1"', bodyHash: first.bodyHash });
    expect(second.body).toBeUndefined();
  });

  it("uses If-Modified-Since", async () => {
    const second = await fetchFeed(`${origin}/last-modified`, { lastModified: "Tue, 24 Nov 2026 10:00:00 GMT" }, options);
    expect(second).toMatchObject({ status: "not-modified", httpStatus: 304, lastModified: "Tue, 24 Nov 2026 10:00:00 GMT" });
  });

  it("catches a server that answers 200 with the same body (body-hash guard)", async () => {
    const first = await fetchFeed(`${origin}/lying`, {}, options);
    expect(first.status).toBe("changed");
    expect(first.maxAgeSeconds).toBeUndefined();
    const second = await fetchFeed(`${origin}/lying`, { etag: first.etag, bodyHash: first.bodyHash }, options);
    expect(second).toMatchObject({ status: "not-modified", httpStatus: 200, bodyHash: first.bodyHash });
    expect(second.etag).not.toBe(first.etag);
    expect(second.body).toBeUndefined();
  });

  it("refuses a 304 to an unconditional request", async () => {
    expect(await rejection(fetchFeed(`${origin}/unsolicited-304`, {}, options))).toMatchObject({ reason: "http-304-unsolicited", permanent: false });
  });
});

describe("fetchFeed errors", () => {
  it("reads Retry-After in seconds (429) and as a date (503)", async () => {
    const e429 = await rejection(fetchFeed(`${origin}/429`, {}, options));
    expect(e429).toBeInstanceOf(HttpStatusError);
    expect(e429).toMatchObject({ name: "HttpStatusError", reason: "http-429", httpStatus: 429, retryAfterSeconds: 120, permanent: false });
    expect(await rejection(fetchFeed(`${origin}/503`, {}, options))).toMatchObject({ reason: "http-503", retryAfterSeconds: 3600, permanent: false });
  });

  it("classifies 404 and 410 as permanent, 500 as transient", async () => {
    expect(await rejection(fetchFeed(`${origin}/404`, {}, options))).toMatchObject({ reason: "http-404", permanent: true });
    expect(await rejection(fetchFeed(`${origin}/410`, {}, options))).toMatchObject({ reason: "http-410", permanent: true });
    expect(await rejection(fetchFeed(`${origin}/500`, {}, options))).toMatchObject({ reason: "http-500", permanent: false });
  });

  it("caps the size and times out a slow body (HttpFetchError)", async () => {
    const big = await rejection(fetchFeed(`${origin}/big`, {}, { ...options, maxBytes: 100_000 }));
    expect(big).toBeInstanceOf(HttpFetchError);
    expect(big).toMatchObject({ reason: "too-large", permanent: true });
    expect(await rejection(fetchFeed(`${origin}/slow`, {}, { ...options, timeoutMs: 300 }))).toMatchObject({ reason: "timeout", permanent: false });
  });

  it("refuses private addresses unless allowed, also after a redirect", async () => {
    expect(await rejection(fetchFeed(`${origin}/etag`, {}, { userAgent: "t" }))).toMatchObject({ reason: "ssrf-blocked" });
    expect(await rejection(fetchFeed(`${origin}/to-metadata`, {}, options))).toMatchObject({ reason: "ssrf-blocked" });
  });
});

describe("fetchFeed redirects", () => {
  it.each([
    ["/moved-301", "/etag"],
    ["/moved-308", "/etag"],
    ["/found-302", undefined],
    ["/301-then-302", "/found-302"],
    ["/302-then-301", undefined],
  ])("%s → movedPermanentlyTo %s", async (path, moved) => {
    const result = await fetchFeed(`${origin}${path}`, {}, options);
    expect(result.finalUrl).toBe(`${origin}/etag`);
    expect(result.movedPermanentlyTo).toBe(moved === undefined ? undefined : `${origin}${moved}`);
  });
});

describe("fetchFeed + parseFeed charset", () => {
  it("decodes with the charset from Content-Type", async () => {
    const result = await fetchFeed(`${origin}/cp1252`, {}, options);
    const feed = await parseFeed(result.body ?? new Uint8Array(), { url: result.finalUrl, ...(result.contentType ? { contentType: result.contentType } : {}) });
    expect(feed.title).toBe(POLISH);
    // without the header the same bytes decode differently: the header really was used
    const guessed = await parseFeed(result.body ?? new Uint8Array(), { url: result.finalUrl });
    expect(guessed.title).not.toBe(feed.title);
  });
});
