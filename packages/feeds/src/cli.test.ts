import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFeedsParse, runFeedsParseMany } from "./cli.ts";

const fixture = (name: string): string => join(import.meta.dirname, "..", "fixtures", "corpus", name);

function capture(): { out: string[]; err: string[]; io: { out: (l: string) => void; err: (l: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

describe("vigie feeds parse", () => {
  it("never crashes on the failure-class fixtures: every one lists its items", async () => {
    const dir = join(import.meta.dirname, "..", "fixtures", "classes");
    const table = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Record<string, { items: number } | string>;
    for (const [file, want] of Object.entries(table)) {
      if (typeof want === "string") continue;
      const c = capture();
      expect(await runFeedsParse(join(dir, file), {}, c.io), file).toBe(0);
      expect(c.out.at(-1), file).toBe(`${want.items} item(s)`);
    }
  });

  it("prints the normalised feed as JSON", async () => {
    const c = capture();
    expect(await runFeedsParse(fixture("rss2-cp1252-undeclared.xml"), { json: true }, c.io)).toBe(0);
    const printed = JSON.parse(c.out.join("\n")) as {
      title: string;
      language: string;
      items: { id: string; title: string; link: string; published: string }[];
    };
    expect(printed).toMatchObject({ title: "Gazette de Besançon – Actualités", language: "fr", link: "http://www.gazette-besancon.example/" });
    expect(printed.items[0]).toEqual({
      id: "http://www.gazette-besancon.example/actu/2026/11/doubs.html",
      title: "Été brûlant : la Doubs à son plus bas niveau depuis 1976",
      link: "http://www.gazette-besancon.example/actu/2026/11/doubs.html",
      published: "2026-11-23T17:00:00.000Z",
    });
  });

  it("prints a readable listing without --json", async () => {
    const c = capture();
    expect(await runFeedsParse(fixture("rss2-basic.xml"), {}, c.io)).toBe(0);
    expect(c.out[0]).toBe("Le Quotidien du Soir — À la une  [rss, fr-FR]");
    expect(c.out.at(-1)).toBe("3 item(s)");
  });

  it("exits 1 with a one-line reason on an unparseable file", async () => {
    const c = capture();
    expect(await runFeedsParse(fixture("invalid-html-page.html"), { json: true }, c.io)).toBe(1);
    expect(c.out).toEqual([]);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/html-page/);
    const missing = capture();
    expect(await runFeedsParse(fixture("does-not-exist.xml"), {}, missing.io)).toBe(1);
    expect(missing.err[0]).toMatch(/ENOENT/);
  });

  it("fetches URLs through the SSRF guard", async () => {
    const body = readFileSync(fixture("rss2-basic.xml"));
    const server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/rss+xml" }).end(body));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/rss`;
    try {
      const refused = capture();
      expect(await runFeedsParse(url, { json: true }, refused.io)).toBe(1);
      expect(refused.err[0]).toMatch(/ssrf-blocked/);
      const allowed = capture();
      expect(await runFeedsParse(url, { json: true, allowHost: ["127.0.0.1"] }, allowed.io)).toBe(0);
      expect(JSON.parse(allowed.out.join("")) as object).toMatchObject({ title: "Le Quotidien du Soir — À la une" });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("parses several targets and standard input in one call: one JSON line each, exit 1 if any failed", async () => {
    const stdin = async () => new Uint8Array(readFileSync(fixture("rss2-basic.xml")));
    const c = capture();
    const code = await runFeedsParseMany([fixture("rss2-basic.xml"), fixture("does-not-exist.xml"), "-"], { json: true }, c.io, stdin);
    expect(code).toBe(1);
    const lines = c.out.map((l) => JSON.parse(l) as { source: string; title?: string; items?: unknown[]; error?: string });
    expect(lines.map((l) => l.source)).toEqual([fixture("rss2-basic.xml"), fixture("does-not-exist.xml"), "-"]);
    expect(lines[0]?.items).toHaveLength(3);
    expect(lines[1]?.error).toMatch(/ENOENT/);
    expect(lines[2]?.title).toBe(lines[0]?.title);
    expect(c.err).toHaveLength(1);

    const ok = capture();
    expect(await runFeedsParseMany([fixture("rss2-basic.xml"), fixture("rss2-basic.xml")], {}, ok.io, stdin)).toBe(0);
    expect(ok.out.filter((l) => l.startsWith("== "))).toHaveLength(2);
  });
});
