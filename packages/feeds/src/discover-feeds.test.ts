import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverFeeds } from "./discover-feeds.ts";

const page = (name: string): string => readFileSync(join(import.meta.dirname, "..", "fixtures", "discovery", name), "utf8");

describe("discoverFeeds", () => {
  it("lists declared feeds first, resolved against <base>, then feed-like anchors, then common paths", () => {
    const found = discoverFeeds(page("news-home.html"), "https://www.quotidien-soir.example/section/");
    expect(found.slice(0, 4)).toEqual([
      "https://www.quotidien-soir.example/rss/une.xml",
      "https://www.quotidien-soir.example/atom/sport",
      "https://www.quotidien-soir.example/feed.json",
      "https://www.quotidien-soir.example/rss/",
    ]);
    expect(found).not.toContain("https://www.quotidien-soir.example/oembed?url=x");
    expect(found).not.toContain("https://en.quotidien-soir.example/");
    expect(found).toContain("https://www.quotidien-soir.example/feed");
    expect(new Set(found).size).toBe(found.length);
  });

  it("falls back to common paths on the page's site", () => {
    const found = discoverFeeds(page("blog-no-links.html"), "https://tiny.example/2026/11/post.html");
    expect(found[0]).toBe("https://tiny.example/feed");
    expect(found).toContain("https://tiny.example/?feed=rss2");
    expect(found).toContain("https://tiny.example/feeds/posts/default");
  });
});
