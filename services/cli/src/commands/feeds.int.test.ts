import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore } from "@vigie/event-store";
import { pollFeed } from "@vigie/feed-poller";
import { startTestServer, type TestServer } from "@vigie/http/testing";
import { directStageContext } from "@vigie/queue/testing";
import { runCli } from "../../test/run-cli.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Le fil</title><link>/</link><item><title>a</title><link>/a.html</link></item></channel></rss>`;

/** Runs the real CLI as a person would, against a database of its own. */
const vigie = (db: TestDatabase, args: string[], allowHosts = "127.0.0.1") =>
  runCli(args, { DATABASE_URL: db.url, HTTP_ALLOW_HOSTS: allowHosts, LOG_LEVEL: "silent" });

describe("vigie feeds (the CLI)", () => {
  let db: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer((req, res) => {
      if (req.url === "/news/")
        return res
          .writeHead(200, { "content-type": "text/html" })
          .end('<html><head><link rel="alternate" type="application/rss+xml" title="Le fil" href="/fil.xml"></head><body>news</body></html>');
      if (req.url === "/fil.xml") return res.writeHead(200, { "content-type": "application/rss+xml" }).end(rss);
      res.writeHead(404).end();
    });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it("refuses a metadata, loopback or non-http target with one line and exit 2, without registering it", async () => {
    const metadata = await vigie(db, ["feeds", "add", "http://169.254.169.254/latest/meta-data"]);
    expect(metadata.code).toBe(2);
    expect(metadata.stderr.trim().split("\n")).toHaveLength(1);
    expect(metadata.stderr).toMatch(/vigie feeds add: refusing to fetch 169\.254\.169\.254: linkLocal address/);
    const loopback = await vigie(db, ["feeds", "add", `${server.origin}/fil.xml`], "");
    expect(loopback).toMatchObject({ code: 2, stderr: expect.stringMatching(/loopback address/) });
    expect((await vigie(db, ["feeds", "add", "file:///etc/passwd"])).code).toBe(2);
    expect((await vigie(db, ["feeds", "list", "--json"])).stdout.trim()).toBe("[]");
  });

  it("finds a page's feed through <link rel=alternate>, says which, and registers it with categories and a pinned interval", async () => {
    const added = await vigie(db, ["feeds", "add", `${server.origin}/news/`, "--category", "wire", "--category", "France", "--interval", "60"]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`registered: `);
    expect(added.stdout).toContain(`${server.origin}/fil.xml (the feed ${server.origin}/news/ links to)`);
    const list = await vigie(db, ["feeds", "list"]);
    expect(list.stdout).toMatch(/\[wire, France\]  every 60 s \(pinned\)/);
    expect(list.stdout).not.toContain("Le fil");

    // After a poll, the list names the feed by its own title.
    const feeds = JSON.parse((await vigie(db, ["feeds", "list", "--json"])).stdout) as { feedId: string }[];
    const sql = createSql({ url: db.url, role: "vigie_app", max: 2 });
    try {
      const deps = { store: new EventStore(sql), sql, http: { userAgent: "vigie-test", timeoutMs: 2000, allowHosts: ["127.0.0.1"] } };
      expect(await pollFeed({ feedId: feeds[0]?.feedId ?? "" }, directStageContext({ jobId: "poll-1" }), deps)).toMatchObject({ status: "changed" });
    } finally {
      await sql.end();
    }
    expect((await vigie(db, ["feeds", "list"])).stdout).toContain("Le fil");
  });

  it("imports an OPML file: reports each refused outline and imports the rest, categories kept", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vigie-opml-"));
    const file = join(dir, "subs.opml");
    await writeFile(
      file,
      `<opml version="2.0"><body><outline text="Tech"><outline text="ok" xmlUrl="https://ok.example/rss"/><outline text="meta" xmlUrl="http://169.254.169.254/x"/></outline><outline text="local" xmlUrl="http://10.1.2.3/rss"/></body></opml>`,
    );
    const imported = await vigie(db, ["feeds", "import", file]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/imported 1 feeds from .*, refused 2/);
    expect(imported.stderr).toMatch(/refused http:\/\/169\.254\.169\.254\/x: /);
    expect(imported.stderr).toMatch(/refused http:\/\/10\.1\.2\.3\/rss: .*private address/);
    const exported = await vigie(db, ["feeds", "export"]);
    expect(exported.stdout).toContain('<outline text="Tech" title="Tech">');
    expect(exported.stdout).toContain("https://ok.example/rss");
  });
});
