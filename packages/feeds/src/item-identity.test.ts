import { describe, expect, it } from "vitest";
import { assessGuids, assignItemIds, canonicalLink, itemIdentity } from "./item-identity.ts";

describe("itemIdentity", () => {
  it("uses the GUID, else the canonical link, else a hash of title and date", () => {
    expect(itemIdentity({ guid: " abc-1 ", link: "https://x.example/a" })).toBe("abc-1");
    expect(itemIdentity({ link: "https://X.example/a?utm_source=rss&id=3#top" })).toBe("https://x.example/a?id=3");
    const hashed = itemIdentity({ title: "Hello", published: "2026-11-25T10:00:00.000Z" });
    expect(hashed).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(itemIdentity({ title: "Hello", published: "2026-11-25T10:00:00.000Z" })).toBe(hashed);
    expect(itemIdentity({ title: "Hello", published: "2026-11-26T10:00:00.000Z" })).not.toBe(hashed);
  });

  it("skips GUIDs when told they are broken", () => {
    expect(itemIdentity({ guid: "same", link: "https://x.example/a" }, { useGuids: false })).toBe("https://x.example/a");
  });
});

describe("canonicalLink", () => {
  it("drops fragments and tracking parameters only", () => {
    expect(canonicalLink("https://news.example/a.html?xtor=RSS-3208&page=2&fbclid=1#c")).toBe("https://news.example/a.html?page=2");
    expect(canonicalLink("not a url ")).toBe("not a url");
  });
});

describe("assessGuids", () => {
  const items = [
    { guid: "g1", link: "https://x.example/1" },
    { guid: "g2", link: "https://x.example/2" },
    { guid: "g3", link: "https://x.example/3" },
  ];

  it("trusts unique GUIDs", () => {
    expect(assessGuids(items)).toEqual({ useGuids: true });
  });

  it("flags all-equal and duplicate GUIDs", () => {
    expect(assessGuids(items.map((i) => ({ ...i, guid: "same" })))).toEqual({ useGuids: false, reason: "all-equal" });
    expect(assessGuids([...items, { guid: "g1", link: "https://x.example/4" }])).toEqual({ useGuids: false, reason: "duplicates" });
  });

  it("flags GUIDs that change on every poll for the same links", () => {
    const previous = items.map((i) => ({ ...i, guid: `${i.guid}-poll-1` }));
    expect(assessGuids(items, previous)).toEqual({ useGuids: false, reason: "changing" });
    const oneEdited = [
      { ...items[0], guid: "g1" },
      { guid: "g2", link: "https://x.example/2" },
      { guid: "g3-new", link: "https://x.example/3" },
    ];
    expect(assessGuids(oneEdited, items).useGuids).toBe(true);
  });
});

describe("assignItemIds", () => {
  it("falls back to links for a whole poll whose GUIDs changed", () => {
    const now = [
      { guid: "t-200", link: "https://x.example/1" },
      { guid: "t-201", link: "https://x.example/2" },
    ];
    const before = [
      { guid: "t-100", link: "https://x.example/1" },
      { guid: "t-101", link: "https://x.example/2" },
    ];
    expect(assignItemIds(now, before)).toEqual(["https://x.example/1", "https://x.example/2"]);
    expect(assignItemIds(now)).toEqual(["t-200", "t-201"]);
  });

  it("keeps ids unique when items carry nothing distinguishing", () => {
    const ids = assignItemIds([{ title: "Same" }, { title: "Same" }]);
    expect(new Set(ids).size).toBe(2);
  });
});
