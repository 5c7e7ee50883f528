import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOpml, toOpml } from "./opml.ts";

const opml = readFileSync(join(import.meta.dirname, "..", "fixtures", "opml", "subscriptions.opml"), "utf8");

describe("OPML", () => {
  it("imports nested outlines, any attribute case, folders as categories", () => {
    expect(parseOpml(opml)).toEqual([
      {
        title: "Le Quotidien du Soir",
        xmlUrl: "https://www.quotidien-soir.example/rss/une.xml",
        htmlUrl: "https://www.quotidien-soir.example/",
        categories: ["Actualités"],
      },
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

  it("keeps labels with commas, slashes and percent signs through a round trip", () => {
    const feeds = [
      { title: "A", xmlUrl: "https://a.example/rss", categories: ["Politique, France", "Europe/Ouest", "100% local", "%2C"] },
      { title: "B", xmlUrl: "https://b.example/rss", categories: ["Europe/Ouest"] },
      { title: "C", xmlUrl: "https://c.example/rss", categories: ["Politique, France"] },
    ];
    const xml = toOpml(feeds);
    expect(xml).toContain('<outline text="Politique, France" title="Politique, France">');
    expect(xml).toContain('category="Politique%2C France,Europe%2FOuest,100%25 local,%252C"');
    // Grouped by folder (A and C share theirs), each label intact.
    expect(parseOpml(xml)).toEqual([feeds[0], feeds[2], feeds[1]]);
    // A folder's title is one label, whatever it holds; other readers' `%` stay as they are.
    const foreign = `<opml><body><outline text="Sport/Foot, Rugby"><outline text="D" xmlUrl="https://d.example/rss" category="50%off,a%2Fb"/></outline></body></opml>`;
    expect(parseOpml(foreign)[0]?.categories).toEqual(["Sport/Foot, Rugby", "50%off", "a/b"]);
  });

  it("ignores documents without feeds", () => {
    expect(parseOpml("<opml><body><outline text='x'/></body></opml>")).toEqual([]);
    expect(parseOpml("not xml at all")).toEqual([]);
  });
});
