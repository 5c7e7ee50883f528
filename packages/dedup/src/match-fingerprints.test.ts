import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type DedupOptions, resolveDedupOptions } from "./dedup-options.ts";
import { type Fingerprint, fingerprint } from "./fingerprint.ts";
import { matchFingerprints } from "./match-fingerprints.ts";
import type { DedupInput } from "./types.ts";

const id = (s: string) => createHash("sha256").update(s).digest("hex");
const story = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => `mot${((i + offset) * 7919) % 6000}`).join(" ");

function fp(input: Partial<DedupInput> & { url: string }, options: DedupOptions = {}): Fingerprint {
  const full: DedupInput = { articleId: id(input.url), text: story(200), publishedAt: "2025-06-10T08:00:00Z", ...input };
  const result = fingerprint(full, new Date("2025-06-20T00:00:00Z"), resolveDedupOptions(options));
  if ("kind" in result) throw new Error(result.reason);
  return result;
}

const opts = resolveDedupOptions();
const match = (a: Fingerprint, b: Fingerprint) => matchFingerprints(a, b, opts);

describe("url method", () => {
  it("matches AMP and tracking variants whatever the text", () => {
    const a = fp({ url: "https://www.example.com/a.html", text: story(200) });
    const b = fp({ url: "https://amp.example.com/a.amp.html?utm_source=x", text: story(50, 3000) });
    expect(match(a, b)).toEqual({ method: "url", similarity: 1 });
  });
});

describe("text-hash method", () => {
  it("matches the same normalised text at another URL", () => {
    const a = fp({ url: "https://a.example/x", text: "Le Président a parlé. " + story(100) });
    const b = fp({ url: "https://b.example/y", text: "le president a parle " + story(100) });
    expect(match(a, b)).toEqual({ method: "text-hash", similarity: 1 });
  });
});

describe("title method", () => {
  const title = "La SNCF annonce un plan de transport réduit pour jeudi";
  const a = fp({ url: "https://site.example/a", title, text: story(200) });
  const updated = `${story(120)} ${story(120, 3000)}`;
  it("matches the same title from the same source within 7 days", () => {
    const b = fp({ url: "https://site.example/b", title: `${title} | Site`, text: updated, publishedAt: "2025-06-15T08:00:00Z" });
    expect(match(a, b)).toEqual({ method: "title", similarity: 1 });
  });
  it("needs the same source", () => {
    const b = fp({ url: "https://other.example/b", title, text: updated });
    expect(match(a, b)).toBeNull();
  });
  it("stops after 7 days", () => {
    const b = fp({ url: "https://site.example/b", title, text: updated, publishedAt: "2025-06-17T09:00:00Z" });
    expect(match(a, b)).toBeNull();
  });
  it("ignores a recurring title over an unrelated text", () => {
    const b = fp({ url: "https://site.example/b", title, text: story(200, 3000) });
    expect(match(a, b)).toBeNull();
  });
  it("ignores short titles", () => {
    const x = fp({ url: "https://site.example/x", title: "En direct", text: story(200) });
    const y = fp({ url: "https://site.example/y", title: "En direct", text: updated });
    expect(x.titleKey).toBeNull();
    expect(match(x, y)).toBeNull();
  });
});

describe("near-duplicate method", () => {
  it("matches an edited copy by Jaccard", () => {
    const a = fp({ url: "https://a.example/x", text: story(300) });
    const b = fp({ url: "https://b.example/y", text: `intro locale ${story(280)} avec afp` });
    const m = match(a, b);
    expect(m?.method).toBe("near-duplicate");
    expect(m?.similarity).toBeGreaterThan(0.75);
  });
  it("matches a trimmed copy by containment", () => {
    const a = fp({ url: "https://a.example/x", text: story(400) });
    const b = fp({ url: "https://b.example/y", text: story(150) });
    expect(match(a, b)?.method).toBe("near-duplicate");
  });
  it("does not use containment on very short texts", () => {
    const a = fp({ url: "https://a.example/x", text: story(400) });
    const b = fp({ url: "https://b.example/y", text: story(20) });
    expect(match(a, b)).toBeNull();
  });
  it("only within the time window", () => {
    const a = fp({ url: "https://a.example/x", text: story(300) });
    const b = fp({ url: "https://b.example/y", text: `${story(290)} fin`, publishedAt: "2025-06-14T09:00:00Z" });
    expect(match(a, b)).toBeNull();
    expect(matchFingerprints(a, b, resolveDedupOptions({ nearDuplicateWindowHours: 200 }))?.method).toBe("near-duplicate");
  });
  it("keeps different stories apart", () => {
    const a = fp({ url: "https://a.example/x", text: story(300) });
    const b = fp({ url: "https://b.example/y", text: `${story(60)} ${story(240, 3000)}` });
    expect(match(a, b)).toBeNull();
  });
});

describe("fingerprint failures", () => {
  const base = { articleId: id("x"), url: "https://example.com/a", text: "du texte" };
  const reason = (input: DedupInput) => {
    const r = fingerprint(input, new Date(), opts);
    return "kind" in r ? r.reason : "ok";
  };
  it.each([
    ["empty text", { ...base, text: "" }, "empty-text"],
    ["punctuation-only text", { ...base, text: " … — " }, "empty-text"],
    ["5 MB text", { ...base, text: "a".repeat(5 * 1024 * 1024 + 1) }, "text-too-large"],
    ["URL without host", { ...base, url: "https://" }, "no-host"],
    ["non-http scheme", { ...base, url: "ftp://example.com/a" }, "unsupported-scheme"],
    ["not a URL", { ...base, url: "nope" }, "bad-url"],
    ["bad article id", { ...base, articleId: "123" }, "bad-article-id"],
  ])("%s → %s", (_name, input, expected) => {
    expect(reason(input)).toBe(expected);
  });
  it("uses the decision time for a date far in the future", () => {
    const now = new Date("2025-06-10T00:00:00Z");
    const r = fingerprint({ ...base, publishedAt: "2031-01-01T00:00:00Z" }, now, opts);
    expect("kind" in r ? null : r.publishedAt).toBe(now.getTime());
  });
});
