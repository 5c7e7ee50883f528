import { createServer as createTcpServer } from "node:net";
import type { Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpFetchError } from "./http-fetch-error.ts";
import { createSafeFetcher, safeFetch } from "./safe-fetch.ts";
import type { SafeFetchOptions } from "./safe-fetch-options.ts";
import { startTestServer } from "./test-server.ts";
import type { TestServer } from "./test-server.ts";

let server: TestServer;
const base: SafeFetchOptions = { userAgent: "vigie-test/1.0", allowHosts: ["127.0.0.1"], timeoutMs: 2_000 };
const text = (body: Uint8Array): string => new TextDecoder().decode(body);

async function failure(promise: Promise<unknown>): Promise<HttpFetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof HttpFetchError)) throw new Error(`expected HttpFetchError, got ${String(err)}`);
  return err;
}

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    switch (url.pathname) {
      case "/ok":
        res.setHeader("content-type", "text/plain");
        res.end(`ua=${req.headers["user-agent"] ?? ""} accept=${req.headers.accept ?? ""}`);
        return;
      case "/moved":
        res.writeHead(301, { location: "/found" }).end();
        return;
      case "/found":
        res.writeHead(302, { location: `${server.origin}/ok` }).end();
        return;
      case "/loop":
        res.writeHead(302, { location: "/loop" }).end();
        return;
      case "/to-private":
        res.writeHead(302, { location: "http://10.0.0.1/admin" }).end();
        return;
      case "/to-metadata":
        res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        return;
      case "/to-ipv6-loopback":
        res.writeHead(302, { location: `http://[::1]:${server.port}/ok` }).end();
        return;
      case "/to-file":
        res.writeHead(302, { location: "file:///etc/passwd" }).end();
        return;
      case "/to-localhost":
        res.writeHead(302, { location: `http://localhost:${server.port}/echo-auth` }).end();
        return;
      case "/echo-auth":
        res.end(`auth=${req.headers.authorization ?? "none"}`);
        return;
      case "/not-found":
        res.writeHead(404).end("nope");
        return;
      case "/declared-big":
        res.writeHead(200, { "content-length": String(2_000_000) });
        res.write("x");
        return;
      case "/streamed-big": {
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 97);
        for (let i = 0; i < 40; i++) res.write(chunk);
        res.end();
        return;
      }
      case "/gzip-bomb":
        res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync(Buffer.alloc(20 * 1024 * 1024)));
        return;
      case "/gzip":
        res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync("compressed hello"));
        return;
      case "/slow-body":
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("first bytes");
        // never ends: the total timeout must cut it
        return;
      case "/reset":
        req.socket.destroy();
        return;
      default:
        res.writeHead(500).end();
    }
  });
});

afterAll(async () => {
  await server.close();
});

describe("safeFetch", () => {
  it("returns the body and sends the identifying User-Agent", async () => {
    const res = await safeFetch(`${server.origin}/ok`, { ...base, accept: "application/rss+xml" });
    expect(res.status).toBe(200);
    expect(text(res.body)).toBe("ua=vigie-test/1.0 accept=application/rss+xml");
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(res.redirects).toEqual([]);
    expect(res.durationMs).toBeGreaterThan(0);
  });

  it("returns HTTP errors as responses", async () => {
    const res = await safeFetch(`${server.origin}/not-found`, base);
    expect(res.status).toBe(404);
    expect(text(res.body)).toBe("nope");
  });

  it("follows redirects by hand and reports 301 and 302 hops", async () => {
    const res = await safeFetch(`${server.origin}/moved`, base);
    expect(res.url).toBe(`${server.origin}/ok`);
    expect(res.redirects).toEqual([
      { from: `${server.origin}/moved`, to: `${server.origin}/found`, status: 301 },
      { from: `${server.origin}/found`, to: `${server.origin}/ok`, status: 302 },
    ]);
  });

  it("gives up on redirect loops", async () => {
    const err = await failure(safeFetch(`${server.origin}/loop`, { ...base, maxRedirects: 3 }));
    expect(err).toMatchObject({ reason: "too-many-redirects", permanent: true });
    expect(server.hits.get("/loop")).toBeGreaterThanOrEqual(4);
  });

  it("refuses redirects out of http(s)", async () => {
    expect(await failure(safeFetch(`${server.origin}/to-file`, base))).toMatchObject({ reason: "bad-redirect", permanent: true });
  });

  it("drops credentials when a redirect changes origin", async () => {
    const res = await safeFetch(`${server.origin}/to-localhost`, {
      ...base,
      allowHosts: ["127.0.0.1", "localhost"],
      headers: { Authorization: "Bearer secret" },
    });
    expect(text(res.body)).toBe("auth=none");
  });

  it("decodes gzip", async () => {
    expect(text((await safeFetch(`${server.origin}/gzip`, base)).body)).toBe("compressed hello");
  });

  it.each(["/declared-big", "/streamed-big", "/gzip-bomb"])("caps the body size (%s)", async (path) => {
    const err = await failure(safeFetch(`${server.origin}${path}`, { ...base, maxBytes: 1_000_000 }));
    expect(err).toMatchObject({ reason: "too-large", permanent: true, httpStatus: 200 });
  });

  it("times out a body that never ends", async () => {
    const err = await failure(safeFetch(`${server.origin}/slow-body`, { ...base, timeoutMs: 300 }));
    expect(err).toMatchObject({ reason: "timeout", permanent: false });
  });

  it("times out a server that trickles its headers (slow loris)", async () => {
    const sockets: Socket[] = [];
    const loris = createTcpServer((socket) => {
      sockets.push(socket);
      socket.write("HTTP/1.1 200 OK\r\n");
      const drip = setInterval(() => socket.write("X-Drip: 1\r\n"), 50);
      socket.on("close", () => clearInterval(drip));
      socket.on("error", () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => loris.listen(0, "127.0.0.1", resolve));
    const address = loris.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const err = await failure(safeFetch(`http://127.0.0.1:${port}/`, { ...base, timeoutMs: 400 }));
      expect(err).toMatchObject({ reason: "timeout", permanent: false });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => loris.close(() => resolve()));
    }
  });

  it("reports a reset connection as transient", async () => {
    expect(await failure(safeFetch(`${server.origin}/reset`, base))).toMatchObject({ reason: "connection-reset", permanent: false });
  });

  it("reports a refused connection as transient", async () => {
    const closed = await startTestServer(() => undefined);
    await closed.close();
    expect(await failure(safeFetch(`${closed.origin}/`, base))).toMatchObject({ reason: "connection-refused", permanent: false });
  });

  it("stops when the caller aborts", async () => {
    const controller = new AbortController();
    const pending = safeFetch(`${server.origin}/slow-body`, { ...base, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toMatchObject({ reason: "aborted", permanent: false });
  });
});

describe("safeFetch SSRF guard", () => {
  it.each([
    "http://127.0.0.1:1/",
    "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://localhost/",
  ])("refuses %s without an allow-list", async (url) => {
    const err = await failure(safeFetch(url, { userAgent: "t" }));
    expect(err).toMatchObject({ reason: "ssrf-blocked", permanent: true });
    expect(err.message).toMatch(/allowHosts/);
  });

  it("never sends the request to a refused host", async () => {
    const before = server.hits.get("/ok") ?? 0;
    await failure(safeFetch(`${server.origin}/ok`, { userAgent: "t" }));
    expect(server.hits.get("/ok") ?? 0).toBe(before);
  });

  it.each(["/to-private", "/to-metadata", "/to-ipv6-loopback"])("re-checks every redirect hop (%s)", async (path) => {
    const err = await failure(safeFetch(`${server.origin}${path}`, base));
    expect(err).toMatchObject({ reason: "ssrf-blocked", permanent: true });
  });
});

describe("createSafeFetcher", () => {
  it("reuses connections across fetches and still guards every URL", async () => {
    const connections = new Set<unknown>();
    const counting = await startTestServer((req, res) => {
      connections.add(req.socket);
      res.end("ok");
    });
    const fetcher = createSafeFetcher({ ...base });
    try {
      for (let i = 0; i < 6; i++) expect((await fetcher.fetch(`${counting.origin}/page-${i}`)).status).toBe(200);
      const pooled = connections.size;
      connections.clear();
      for (let i = 0; i < 6; i++) await safeFetch(`${counting.origin}/single-${i}`, base);
      // one-shot safeFetch opens a connection per call; the fetcher keeps them alive
      expect(connections.size).toBe(6);
      expect(pooled).toBeLessThanOrEqual(2);
      expect(await failure(fetcher.fetch("http://10.0.0.1/"))).toMatchObject({ reason: "ssrf-blocked" });
      const perCall = await fetcher.fetch(`${counting.origin}/ua`, { userAgent: "other/2" });
      expect(perCall.status).toBe(200);
    } finally {
      await fetcher.close();
      await counting.close();
    }
  });

  it("throws bad-url before starting any timer", async () => {
    expect(await failure(safeFetch("not a url", base))).toMatchObject({ reason: "bad-url" });
  });
});
