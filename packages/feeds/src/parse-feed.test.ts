import { readFileSync } from "node:fs";
import { join } from "node:path";
import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { FeedParseError } from "./feed-parse-error.ts";
import { parseFeed } from "./parse-feed.ts";

const corpus = join(import.meta.dirname, "..", "fixtures", "corpus");
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(corpus, name)));
const parse = (name: string, contentType?: string) => parseFeed(read(name), { url: `https://feeds.example/${name}`, ...(contentType ? { contentType } : {}) });

type Expected = { title: string; items: number; firstTitle: string } | { error: string };
const expected = JSON.parse(readFileSync(join(corpus, "expected.json"), "utf8")) as Record<string, Expected | string>;

const real = join(import.meta.dirname, "..", "fixtures", "real");
const realExpected = JSON.parse(readFileSync(join(real, "expected.json"), "utf8")) as Record<string, Expected | string>;

describe.each([
  ["synthetic corpus", corpus, expected],
  ["rss-parser's real-world feeds", real, realExpected],
])("parseFeed over the %s", (_label, dir, table) => {
  for (const [file, want] of Object.entries(table)) {
    if (typeof want === "string") continue;
    const load = () => parseFeed(new Uint8Array(readFileSync(join(dir, file))), { url: `https://feeds.example/${file}` });
    it(file, async () => {
      if ("error" in want) {
        await expect(load()).rejects.toMatchObject({ name: "FeedParseError", reason: want.error });
        return;
      }
      const feed = await load();
      expect(feed.title).toBe(want.title);
      expect(feed.items).toHaveLength(want.items);
      expect(feed.items[0]?.title).toBe(want.firstTitle);
      for (const item of feed.items) expect(item.id).not.toBe("");
    });
  }
});

describe("parseFeed rules", () => {
  it("recognises each format", async () => {
    expect((await parse("rss2-basic.xml")).format).toBe("rss");
    expect((await parse("rss091.xml")).format).toBe("rss");
    expect((await parse("rdf10.xml")).format).toBe("rdf");
    expect((await parse("atom10-xhtml.xml")).format).toBe("atom");
    expect((await parse("atom03.xml")).format).toBe("atom");
    expect((await parse("jsonfeed11.json")).format).toBe("json");
  });

  it("normalises an RSS 2.0 item fully", async () => {
    const feed = await parse("rss2-basic.xml");
    expect(feed).toMatchObject({ link: "https://www.quotidien-soir.example/", language: "fr-FR", ttlMinutes: 15 });
    expect(feed.items[0]).toEqual({
      id: "qs-1234",
      guid: "qs-1234",
      title: "Budget 2027 : l'Assemblée adopte la première partie « à l'arraché »",
      link: "https://www.quotidien-soir.example/politique/article/2026/11/25/budget-2027_1234.html?xtor=RSS-3208",
      published: "2026-11-25T06:58:11.000Z",
      author: "Claire Dumont",
      summary: "Les députés ont adopté mardi soir le volet recettes du budget.",
      categories: ["Politique", "Économie"],
      enclosures: [{ url: "https://img.quotidien-soir.example/2026/11/25/assemblee.jpg", type: "image/jpeg", length: 84512 }],
    });
    expect(feed.items[2]?.title).toBe("Football : Rennes s’impose à Lyon (2-1)");
  });

  it("flattens XHTML and HTML Atom titles and resolves links against xml:base", async () => {
    const feed = await parse("atom10-xhtml.xml");
    expect(feed).toMatchObject({ title: "Lab Notes blog", link: "https://blog.lab-notes.example/", language: "en-GB" });
    const [first, second] = feed.items;
    expect(first).toMatchObject({
      title: "Measuring latency in the wild, part 2",
      link: "https://blog.lab-notes.example/posts/2026/latency-2",
      published: "2026-11-24T13:00:00.000Z",
      updated: "2026-11-25T05:00:00.000Z",
      author: "Priya Raman",
      categories: ["Networking", "measurement"],
      enclosures: [{ url: "https://blog.lab-notes.example/media/latency-2.mp3", type: "audio/mpeg", length: 1337000 }],
      summary: "Tail latencies, again.",
    });
    expect(second).toMatchObject({ title: "Q&A with the ops team", link: "https://blog.lab-notes.example/archive/qa-ops", author: "Tom Becker" });
  });

  it("resolves relative RSS links against the site link, and uses permalink GUIDs", async () => {
    const links = (await parse("rss2-relative-links.xml")).items.map((i) => i.link);
    expect(links).toEqual([
      "https://relative-press.example/news/2026/11/relative-path",
      "https://relative-press.example/news/2026/11/root-relative",
      "https://cdn.relative-press.example/story",
      "https://relative-press.example/news/2026/11/guid-link",
      "https://relative-press.example/news/2026/11/padded",
    ]);
    expect((await parse("rss2-relative-links.xml")).items[0]?.enclosures).toEqual([{ url: "https://relative-press.example/img/a.jpg", type: "image/jpeg" }]);
  });

  it("keeps the feed when one date is bad, in RSS and in Atom", async () => {
    const rss = await parse("rss2-bad-dates.xml");
    expect(rss.items.map((i) => i.published)).toEqual([
      "2026-11-25T10:00:00.000Z",
      undefined,
      "2026-11-25T08:00:00.000Z",
      "2026-09-15T12:00:00.000Z",
      "2026-11-25T08:30:00.000Z",
      "2026-11-25T10:00:00.000Z",
      "2026-11-25T15:00:00.000Z",
      undefined,
      "2026-11-25T09:00:00.000Z",
      "2026-12-25T09:00:00.000Z",
    ]);
    const atom = await parse("atom-bad-date.xml");
    expect(atom.items.map((i) => [i.published, i.updated])).toEqual([
      ["2026-11-25T08:00:00.000Z", "2026-11-25T06:00:00.000Z"],
      [undefined, "2026-11-24T06:00:00.000Z"],
    ]);
  });

  it("parses RSS 1.0 with Dublin Core and the syndication module", async () => {
    const feed = await parse("rdf10.xml");
    expect(feed).toMatchObject({ language: "fr", updatePeriodMinutes: 30 });
    expect(feed.items[0]).toMatchObject({
      id: "https://science-hebdo.example/a/comete",
      author: "Inès Marchand",
      categories: ["Astronomie"],
      published: "2026-11-24T08:30:00.000Z",
    });
  });

  it("reads Atom 0.3 dates (issued, modified)", async () => {
    expect((await parse("atom03.xml")).items[0]).toMatchObject({
      published: "2026-11-21T12:55:00.000Z",
      updated: "2026-11-21T08:00:00.000Z",
      author: "Sam Old",
      summary: "Yes, really.",
    });
  });

  it("decodes HTML entities, doubly escaped entities and bare ampersands", async () => {
    const feed = await parse("rss2-html-entities.xml");
    expect(feed.items.map((i) => i.title)).toEqual(["R&D budgets rise — again", "Café society returns"]);
    expect(feed.items[0]?.link).toBe("https://cafe-culture.example/rd?a=1&b=2");
  });

  it("recovers the items of a truncated feed, the cut one included, and order of unescaped HTML", async () => {
    const items = (await parse("rss2-truncated.xml")).items;
    expect(items.slice(0, 2).map((i) => i.id)).toEqual(["cs-1", "cs-2"]);
    expect(items[2]?.title).toBe("Third item is cut off mid-wa");
    expect((await parse("rss2-unescaped-html.xml")).items[0]?.summary).toBe("The park has three playgrounds. And a pond.");
  });

  it("prefers feedburner:origLink and cleans RSS author e-mails", async () => {
    expect((await parse("rss2-feedburner.xml")).items[0]?.link).toBe("https://techwire.example/2026/11/chip-roadmap?utm_source=feedburner&utm_medium=feed");
    const pod = (await parse("rss2-podcast.xml")).items[0];
    expect(pod?.author).toBe("Dana Wells");
    expect(pod?.enclosures.map((e) => e.url)).toEqual(["https://cdn.brief-pod.example/301.mp3", "https://cdn.brief-pod.example/301-cover.jpg"]);
  });

  it("maps JSON Feed 1.1 and 1.0", async () => {
    const feed = await parse("jsonfeed11.json", "application/feed+json");
    expect(feed).toMatchObject({ title: "Daily Data Digest", link: "https://digest.example/", language: "en-US" });
    expect(feed.items[0]).toMatchObject({
      id: "2026-11-25-rates",
      link: "https://digest.example/2026/11/25/rates",
      published: "2026-11-25T12:00:00.000Z",
      author: "Digest Team",
      categories: ["economy", "rates"],
    });
    expect(feed.items[0]?.enclosures).toEqual([{ url: "https://digest.example/media/rates.png", type: "image/png", length: 20480 }]);
    expect(feed.items[1]).toMatchObject({ id: "20261124", author: "R. Okafor" });
    expect((await parse("jsonfeed10.json")).items[0]).toMatchObject({ link: "https://podminute.example/ep/12", author: "Ana Ruiz" });
  });

  it("uses links when all GUIDs are equal", async () => {
    expect((await parse("rss2-broken-guids.xml")).items.map((i) => i.id)).toEqual([
      "https://sameguid.example/one",
      "https://sameguid.example/two",
      "https://sameguid.example/three",
    ]);
  });

  it("never expands DTD entities (billion laughs, XXE)", async () => {
    const laughs = await parse("billion-laughs.xml");
    expect(JSON.stringify(laughs).length).toBeLessThan(2_000);
    const xxe = await parse("xxe.xml");
    expect(JSON.stringify(xxe)).not.toMatch(/root:|daemon:/);
  });

  it("parses a huge generated feed", async () => {
    const items = Array.from(
      { length: 5_000 },
      (_, i) =>
        `<item><title>Item ${i} &amp; more</title><link>/a/${i}</link><guid>g-${i}</guid><pubDate>Wed, 25 Nov 2026 10:${String(i % 60).padStart(2, "0")}:00 GMT</pubDate><description><![CDATA[<p>${"word ".repeat(80)}</p>]]></description></item>`,
    );
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><link>https://huge.example/</link>${items.join("")}</channel></rss>`;
    const feed = await parseFeed(Buffer.from(xml), { url: "https://huge.example/rss" });
    expect(feed.items).toHaveLength(5_000);
    expect(feed.items[4_999]).toMatchObject({ id: "g-4999", title: "Item 4999 & more", link: "https://huge.example/a/4999" });
    expect(feed.items[0]?.summary?.length).toBeLessThanOrEqual(501);
  });

  it("throws FeedParseError with a reason on non-feeds", async () => {
    await expect(parseFeed("<html><body>hi</body></html>", { url: "https://x.example/" })).rejects.toBeInstanceOf(FeedParseError);
    await expect(parseFeed('{"hello": 1}', { url: "https://x.example/" })).rejects.toMatchObject({ reason: "not-a-feed" });
    await expect(parseFeed("<?xml version='1.0'?><!-- only a comment -->", { url: "https://x.example/" })).rejects.toMatchObject({ reason: "not-a-feed" });
  });
});

describe("baseline: rss-parser alone", () => {
  // Documents the failures this package exists for; if rss-parser starts handling them, the
  // workarounds may be simplified.
  const plain = new Parser();
  it.each(["rss-noversion.xml", "atom-bad-date.xml", "rss2-html-entities.xml"])("rss-parser throws on %s", async (file) => {
    await expect(plain.parseString(Buffer.from(read(file)).toString("utf8"))).rejects.toThrow();
  });
  it("rss-parser returns an object for an XHTML Atom title", async () => {
    const feed = await plain.parseString(Buffer.from(read("atom10-xhtml.xml")).toString("utf8"));
    expect(typeof feed.items[0]?.title).not.toBe("string");
  });
});

describe("parseFeed link fallbacks", () => {
  it("uses a GUID as the link only when it is an absolute URL", async () => {
    const xml = `<rss version="2.0"><channel><title>t</title><link>https://site.example/</link>
      <item><title>a</title><guid>opaque-42</guid></item>
      <item><title>b</title><guid>https://site.example/b</guid></item>
      <item><title>c</title><guid isPermaLink="false">https://site.example/c</guid></item></channel></rss>`;
    const feed = await parseFeed(xml, { url: "https://site.example/rss" });
    expect(feed.items.map((i) => i.link)).toEqual([undefined, "https://site.example/b", undefined]);
    expect(feed.items.map((i) => i.id)).toEqual(["opaque-42", "https://site.example/b", "https://site.example/c"]);
  });
});

describe("parseFeed structural repairs", () => {
  it("keeps the text order of unescaped HTML in titles", async () => {
    const xml = `<rss version="2.0"><channel><title>T</title><item><title>Hello <b>bold</b> world</title><link>https://a.example/1</link></item></channel></rss>`;
    expect((await parseFeed(xml, { url: "https://a.example/" })).items[0]?.title).toBe("Hello bold world");
  });

  it("accepts Atom links written as text instead of href", async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><link>https://a.example/</link><entry><title>E</title><link>https://a.example/e</link><id>1</id></entry></feed>`;
    const feed = await parseFeed(xml, { url: "https://a.example/feed" });
    expect(feed.link).toBe("https://a.example/");
    expect(feed.items[0]?.link).toBe("https://a.example/e");
  });
});

describe("parseFeed on hostile markup", () => {
  // Each input made an earlier, regex-based version quadratic (minutes at this size); linear
  // code finishes well inside the test timeout. No timing is asserted, the timeout is the guard.
  const big = 600_000;
  it.each([
    ["tags without '>' in a title", `<rss version="2.0"><channel><title>${"<a ".repeat(big / 3)}</title></channel></rss>`],
    ["unclosed scripts in a CDATA title", `<rss version="2.0"><channel><title><![CDATA[${"<script".repeat(big / 7)}]]></title></channel></rss>`],
    ["unclosed comments in a CDATA title", `<rss version="2.0"><channel><title><![CDATA[${"<!--".repeat(big / 4)}]]></title></channel></rss>`],
  ])("%s", async (_name, xml) => {
    const feed = await parseFeed(xml, { url: "https://a.example/" });
    expect(feed.format).toBe("rss");
  });

  // Truncated documents are recovered (as feedparser's loose mode does); these must still end fast.
  it.each([
    ["unclosed descriptions", `<rss version="2.0"><channel><item>${"<description>x".repeat(big / 14)}`, 1],
    ["unclosed XHTML titles", `<feed xmlns="http://www.w3.org/2005/Atom">${'<title type="xhtml">'.repeat(big / 20)}`, 0],
    ["unclosed CDATA sections", `<rss version="2.0"><channel><title>&nbsp;${"<![CDATA[".repeat(big / 9)}`, 0],
  ])("%s are read as far as they go, not hung on", async (_name, xml, items) => {
    const feed = await parseFeed(xml, { url: "https://a.example/" });
    expect(feed.items).toHaveLength(items);
  });
});

describe("parseFeed on deeply nested elements", () => {
  it("ignores text nested thousands of levels deep instead of overflowing the stack", async () => {
    const n = 20_000;
    const xml = `<rss version="2.0"><channel><title>t</title><item><title>x</title><category>${"<a>".repeat(n)}deep${"</a>".repeat(n)}</category></item></channel></rss>`;
    const feed = await parseFeed(xml, { url: "https://a.example/" });
    expect(feed.items[0]).toMatchObject({ title: "x", categories: [] });
  });
});

describe("parseFeed content sniffing", () => {
  it("trusts the body over a wrong Content-Type", async () => {
    const rss = `<rss version="2.0"><channel><title>Labelled JSON</title></channel></rss>`;
    expect((await parseFeed(rss, { url: "https://a.example/", contentType: "application/json" })).format).toBe("rss");
    const json = JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Labelled XML", items: [] });
    expect((await parseFeed(json, { url: "https://a.example/", contentType: "text/xml" })).format).toBe("json");
  });
});
