import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFeed } from "./parse-feed.ts";

// One fixture per failure class and site (fixtures/classes, written for this project by
// scripts/make-class-fixtures.ts); each must parse to the expected title, item count and first title.
const dir = join(import.meta.dirname, "..", "fixtures", "classes");
type Expected = { class: string; title?: string; items: number; firstTitle?: string };
const table = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Record<string, Expected | string>;
const cases = Object.entries(table).filter((entry): entry is [string, Expected] => typeof entry[1] !== "string");

describe("parseFeed over the failure-class fixtures", () => {
  it("covers every class of issue #15 with at least 150 files", () => {
    const classes = new Set(cases.map(([, want]) => want.class));
    for (const cls of [
      "no-channel",
      "rss-version",
      "rss1-prefixed",
      "prefixed-root",
      "prefixed-entries",
      "encoding",
      "truncated",
      "unterminated-cdata",
      "malformed-comment",
      "unknown-entity",
      "jsonfeed-version",
      "jsonfeed-no-items",
      "base64-text",
      "dc-title",
      "odd-case",
      "markup-in-attribute",
    ]) {
      expect(classes).toContain(cls);
    }
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });

  it.each(cases)("%s", async (file, want) => {
    const feed = await parseFeed(new Uint8Array(readFileSync(join(dir, file))), { url: `https://feeds.example/${file}` });
    expect(feed.title).toBe(want.title);
    expect(feed.items).toHaveLength(want.items);
    expect(feed.items[0]?.title).toBe(want.firstTitle);
  });
});
