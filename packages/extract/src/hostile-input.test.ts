import { describe, expect, it } from "vitest";
import { extractArticle } from "./index.ts";

const url = "https://example.com/a";

describe("hostile input gives kind 'error', never a crash", () => {
  it("refuses a 50 MB page before parsing it", () => {
    const html = `<html><body>${"<p>filler text here</p>".repeat(2_300_000)}</body></html>`;
    expect(html.length).toBeGreaterThan(50_000_000);
    const result = extractArticle({ html, url });
    expect(result).toMatchObject({ kind: "error", error: "too-large", text: "", wordCount: 0 });
    const bytes = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    expect(extractArticle({ html: bytes, url }).error).toBe("too-large");
  });

  it("honours a custom maxBytes", () => {
    expect(extractArticle({ html: "<p>hello world</p>", url }, { maxBytes: 5 }).error).toBe("too-large");
  });

  it("refuses 100k nested divs without overflowing the stack", () => {
    const html = `<html><body>${"<div>".repeat(100_000)}deep text${"</div>".repeat(100_000)}</body></html>`;
    expect(extractArticle({ html, url })).toMatchObject({ kind: "error", error: "too-deep" });
    // Unclosed tags nest just as deep.
    expect(extractArticle({ html: "<div><span>".repeat(60_000), url }).error).toBe("too-deep");
  });

  it("handles 100k sibling paragraphs (wide, not deep) to completion", () => {
    const paragraphs = Array.from({ length: 100_000 }, (_v, i) => `<p>Sentence number ${i} with some words, commas, and more words.</p>`);
    const html = `<html><body><article>${paragraphs.join("")}</article></body></html>`;
    const result = extractArticle({ html, url });
    expect(result.kind).toBe("article");
    expect(result.wordCount).toBe(1_000_000);
  });

  it("refuses binary served as text/html", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...new Array<number>(4000).fill(7)]);
    expect(extractArticle({ html: png, url, contentType: "text/html" })).toMatchObject({ kind: "error", error: "binary" });
    let seed = 42;
    const noise = new Uint8Array(100_000).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    expect(extractArticle({ html: noise, url }).error).toBe("binary");
    expect(extractArticle({ html: "%PDF-1.4\u0000\u0001\u0002", url }).error).toBe("binary");
    expect(extractArticle({ html: "<p>x</p>", url, contentType: "application/pdf" }).error).toBe("binary");
  });

  it("reads invalid UTF-8 with replacement characters instead of failing", () => {
    const text = new TextEncoder().encode(
      `<html><body><article><p>${"Le texte continue malgré des octets invalides, ici et là. ".repeat(5)}</p></article></body></html>`,
    );
    const broken = new Uint8Array(text.length + 3);
    broken.set(text.subarray(0, 60));
    broken.set([0xc3, 0x28, 0xff], 60);
    broken.set(text.subarray(60), 63);
    const result = extractArticle({ html: broken, url, contentType: "text/html; charset=utf-8" });
    expect(result.kind).toBe("article");
    expect(result.text).toContain("\uFFFD");
  });

  it("reports empty pages", () => {
    expect(extractArticle({ html: "", url }).error).toBe("empty");
    expect(extractArticle({ html: new Uint8Array(0), url }).error).toBe("empty");
    expect(extractArticle({ html: "   \n ", url }).error).toBe("empty");
  });

  it("survives malformed markup and broken JSON-LD", () => {
    const html = `<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": </script></head><body><p>unclosed <b><i>tags</p></div></span><table><td>cell`;
    const result = extractArticle({ html, url: "not a url" });
    expect(result.kind).not.toBe("error");
  });
});
