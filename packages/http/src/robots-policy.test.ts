import { afterEach, describe, expect, it } from "vitest";
import { RobotsPolicy } from "./robots-policy.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

const UA = "VigieBot/1.0 (+https://vigie.example/bot)";
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(status: number, body = ""): Promise<TestServer> {
  server = await startTestServer((_req, res) => {
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(body);
  });
  return server;
}

const policy = (now = () => 0) => new RobotsPolicy({ fetch: { userAgent: UA, allowHosts: ["127.0.0.1"] }, now, ttlMs: 1000, backoffMs: 100 });

describe("RobotsPolicy", () => {
  it("obeys Disallow/Allow for our user agent and reads its Crawl-delay", async () => {
    const s = await serve(200, "User-agent: *\nDisallow: /\n\nUser-agent: VigieBot\nDisallow: /private/\nAllow: /private/press/\nCrawl-delay: 4\n");
    const p = policy();
    expect(await p.check(`${s.origin}/news/a.html`)).toEqual({ allowed: true, reason: "allowed", crawlDelaySeconds: 4 });
    expect(await p.check(`${s.origin}/private/x`)).toMatchObject({ allowed: false, reason: "disallowed" });
    expect(await p.check(`${s.origin}/private/press/y`)).toMatchObject({ allowed: true });
    expect(s.hits.get("/robots.txt")).toBe(1);
  });

  it("falls back to the * group when no group names us", async () => {
    const s = await serve(200, "User-agent: *\nDisallow: /search\n");
    expect(await policy().check(`${s.origin}/search?q=x`)).toMatchObject({ allowed: false, reason: "disallowed" });
  });

  it("allows everything when robots.txt is a 4xx", async () => {
    const s = await serve(404, "not found");
    expect(await policy().check(`${s.origin}/anything`)).toEqual({ allowed: true, reason: "no-robots" });
  });

  it("backs off a host whose robots.txt answers 5xx, then asks again", async () => {
    const s = await serve(503);
    let clock = 0;
    const p = policy(() => clock);
    expect(await p.check(`${s.origin}/a`)).toEqual({ allowed: false, reason: "server-error" });
    await p.check(`${s.origin}/b`);
    expect(s.hits.get("/robots.txt")).toBe(1);
    clock = 101;
    await p.check(`${s.origin}/c`);
    expect(s.hits.get("/robots.txt")).toBe(2);
  });

  it("caches per host for the TTL and shares one fetch between concurrent checks", async () => {
    const s = await serve(200, "User-agent: *\nAllow: /\n");
    let clock = 0;
    const p = policy(() => clock);
    await Promise.all([p.check(`${s.origin}/1`), p.check(`${s.origin}/2`), p.check(`${s.origin}/3`)]);
    expect(s.hits.get("/robots.txt")).toBe(1);
    clock = 1001;
    await p.check(`${s.origin}/4`);
    expect(s.hits.get("/robots.txt")).toBe(2);
  });

  it("treats an unreachable host as a server error, not a crash", async () => {
    const s = await serve(200, "");
    const origin = s.origin;
    await s.close();
    server = undefined;
    expect(await policy().check(`${origin}/a`)).toEqual({ allowed: false, reason: "server-error" });
  });

  it("allows a host whose robots.txt cannot be fetched for a permanent reason, so the page's own request reports it (ssrf-blocked)", async () => {
    const s = await serve(200, "User-agent: *\nDisallow: /\n");
    const notAllowListed = new RobotsPolicy({ fetch: { userAgent: UA }, ttlMs: 1000, backoffMs: 100 });
    expect(await notAllowListed.check(`${s.origin}/a`)).toEqual({ allowed: true, reason: "no-robots" });
    expect(s.hits.get("/robots.txt")).toBeUndefined();
  });
});
