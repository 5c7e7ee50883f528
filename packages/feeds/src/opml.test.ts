import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOpml, toOpml } from "./opml.ts";

const opml = readFileSync(join(import.meta.dirname, "..", "fixtures", "opml", "subscriptions.opml"), "utf8");

describe("OPML", () => {
  it("imports nested outlines, any attribute case, folders as categories", () => {
    expect(parseOpml(opml)).toEqual([
      { title: "Le Quotidien du Soir", xmlUrl: "https://www.quotidien-soir.example/rss/une.xml", htmlUrl: "https://www.quotidien-soir.example/", categories: ["Actualités"] },
      { title: "Tech Wire & Co", xmlUrl: "https://techwire.example/feed", categories: ["Actualités"] },
      { title: "Lab Notes", xmlUrl: "https://blog.lab-notes.example/feed.atom", htmlUrl: "https://blog.lab-notes.example/" },
    ]);
  });

  it("exports what it imports (round trip), escaping XML", () => {
    const feeds = parseOpml(opml);
    const xml = toOpml(feeds, { title: "vigie <test>" });
    expect(xml).toContain("<title>vigie &lt;test&gt;</title>");
    expect(xml).toContain('text="Tech Wire &amp; Co"');
    expect(parseOpml(xml)).toEqual(feeds);
  });

  it("keeps nested folders and the category attribute as labels, and writes them back", () => {
    const xml = `<opml version="2.0"><body><outline text="Monde"><outline text="Europe">
      <outline text="A" xmlUrl="https://a.example/rss" category="/politique/élections, économie"/></outline></outline></body></opml>`;
    const feeds = parseOpml(xml);
    expect(feeds).toEqual([{ title: "A", xmlUrl: "https://a.example/rss", categories: ["Monde", "Europe", "politique", "élections", "économie"] }]);
    expect(parseOpml(toOpml(feeds))).toEqual(feeds);
  });

  it("ignores documents without feeds", () => {
    expect(parseOpml("<opml><body><outline text='x'/></body></opml>")).toEqual([]);
    expect(parseOpml("not xml at all")).toEqual([]);
  });
});
