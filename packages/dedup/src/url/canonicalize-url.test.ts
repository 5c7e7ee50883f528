import { describe, expect, it } from "vitest";
import { InvalidUrlError } from "../errors/invalid-url-error.ts";
import { canonicalizeUrl } from "./canonicalize-url.ts";

const canonical = (url: string, pageCanonicalUrl?: string) => canonicalizeUrl(url, { pageCanonicalUrl }).canonical;
const key = (url: string, pageCanonicalUrl?: string) => canonicalizeUrl(url, { pageCanonicalUrl }).matchKey;

describe("canonical (safe rules)", () => {
  it.each([
    ["lower-cases scheme and host, keeps path case", "HTTPS://News.Example.COM/Politique/A", "https://news.example.com/Politique/A"],
    ["drops the default port", "http://example.com:80/a", "http://example.com/a"],
    ["drops the https default port", "https://example.com:443/a", "https://example.com/a"],
    ["keeps a non-default port", "https://example.com:8443/a", "https://example.com:8443/a"],
    ["drops the fragment", "https://example.com/a#comments", "https://example.com/a"],
    ["drops utm_* parameters", "https://example.com/a?utm_source=tw&utm_medium=social&UTM_Campaign=x", "https://example.com/a"],
    ["drops click ids", "https://example.com/a?fbclid=1&gclid=2&msclkid=3", "https://example.com/a"],
    ["drops Mailchimp and AT Internet ids", "https://example.com/a?mc_cid=1&mc_eid=2&xtor=RSS-3", "https://example.com/a"],
    ["sorts the remaining parameters", "https://example.com/a?z=1&id=7&b=2", "https://example.com/a?b=2&id=7&z=1"],
    ["keeps repeated names in order", "https://example.com/a?t=2&t=1", "https://example.com/a?t=2&t=1"],
    ["drops an empty query", "https://example.com/a?", "https://example.com/a"],
    ["decodes escaped unreserved characters", "https://example.com/%7Euser/%61rticle", "https://example.com/~user/article"],
    ["upper-cases other escapes", "https://example.com/a%2fb?q=%c3%a9", "https://example.com/a%2Fb?q=%C3%A9"],
    ["encodes non-ASCII paths", "https://example.com/économie", "https://example.com/%C3%A9conomie"],
    ["converts IDN hosts to punycode", "https://bücher.example/a", "https://xn--bcher-kva.example/a"],
    ["resolves dot segments", "https://example.com/a/../b/./c", "https://example.com/b/c"],
    ["drops a trailing dot of the host", "https://example.com./a", "https://example.com/a"],
    ["drops credentials", "https://user:pw@example.com/a", "https://example.com/a"],
    ["drops session ids", "https://example.com/a;jsessionid=ABC?PHPSESSID=1&p=2", "https://example.com/a?p=2"],
    ["keeps www, trailing slash and AMP (lossy rules only)", "https://www.example.com/amp/a/", "https://www.example.com/amp/a/"],
    ["adds the root path", "https://example.com", "https://example.com/"],
  ])("%s", (_rule, input, expected) => {
    expect(canonical(input)).toBe(expected);
  });
});

describe("matchKey (lossy rules)", () => {
  it.each([
    ["drops the scheme", "http://example.com/a", "example.com/a"],
    ["drops www.", "https://www.example.com/a", "example.com/a"],
    ["drops m.", "https://m.example.com/a", "example.com/a"],
    ["drops amp.", "https://amp.example.com/a", "example.com/a"],
    ["drops a leading /amp segment", "https://example.com/amp/politique/a.html", "example.com/politique/a.html"],
    ["drops a trailing /amp segment", "https://example.com/news/a/amp/", "example.com/news/a"],
    ["drops an /amp segment after a section", "https://example.com/news/amp/a-story-1.html", "example.com/news/a-story-1.html"],
    ["drops an /amp segment after the article id", "https://example.com/article-123/amp/", "example.com/article-123"],
    ["drops an /amp segment after an edition", "https://www.example.co.uk/uk/amp/news/world-123", "example.co.uk/uk/news/world-123"],
    ["drops an /AMP segment in any case", "https://example.com/sport/AMP/b", "example.com/sport/b"],
    ["keeps segments that merely start with amp", "https://example.com/amplifiers/amp-review", "example.com/amplifiers/amp-review"],
    ["turns .amp.html into .html", "https://example.com/a.amp.html", "example.com/a.html"],
    ["drops ?outputType=amp", "https://example.com/a?outputType=amp&id=2", "example.com/a?id=2"],
    ["drops ?amp=1 and ?amp", "https://example.com/a?amp", "example.com/a"],
    ["drops the trailing slash", "https://example.com/a/", "example.com/a"],
    ["drops index.html", "https://example.com/a/index.html", "example.com/a"],
    ["collapses repeated slashes", "https://example.com//a//b", "example.com/a/b"],
    ["keeps the root as the bare host", "https://www.example.com/", "example.com"],
    ["never strips down to a public suffix", "https://m.co.uk/a", "m.co.uk/a"],
    ["keeps meaningful parameters", "https://example.com/article.php?id=42", "example.com/article.php?id=42"],
  ])("%s", (_rule, input, expected) => {
    expect(key(input)).toBe(expected);
  });

  it("gives AMP, mobile and desktop variants one key", () => {
    const variants = [
      "https://www.lemonde.fr/politique/article/2024/06/10/x_123.html",
      "http://lemonde.fr/politique/article/2024/06/10/x_123.html?utm_source=rss",
      "https://www.lemonde.fr/amp/politique/article/2024/06/10/x_123.html",
      "https://m.lemonde.fr/politique/article/2024/06/10/x_123.html#xtor=RSS",
    ];
    expect(new Set(variants.map((v) => key(v))).size).toBe(1);
  });

  it("keeps different articles apart", () => {
    expect(key("https://example.com/a?id=1")).not.toBe(key("https://example.com/a?id=2"));
    expect(key("https://example.com/A")).not.toBe(key("https://example.com/a"));
  });
});

describe("page canonical URL", () => {
  it("is used when on the same site", () => {
    expect(canonical("https://amp.example.com/a.amp.html?x=1", "https://www.example.com/news/a.html")).toBe("https://www.example.com/news/a.html");
  });
  it("resolves relative to the page URL", () => {
    expect(canonical("https://www.example.com/p?id=1", "/news/a.html")).toBe("https://www.example.com/news/a.html");
  });
  it("is ignored on another site", () => {
    expect(canonical("https://www.example.com/a", "https://aggregator.example.org/a")).toBe("https://www.example.com/a");
  });
  it("separates sites under a private suffix", () => {
    expect(canonical("https://alice.blogspot.com/a", "https://bob.blogspot.com/a")).toBe("https://alice.blogspot.com/a");
  });
  it("is ignored when it points a deeper page at the home page", () => {
    expect(canonical("https://www.example.com/news/a.html", "https://www.example.com/")).toBe("https://www.example.com/news/a.html");
  });
  it("is ignored when invalid", () => {
    expect(canonical("https://www.example.com/a", "javascript:void(0)")).toBe("https://www.example.com/a");
  });
});

describe("invalid URLs", () => {
  it.each([
    ["not a url", "bad-url"],
    ["/relative/path", "bad-url"],
    ["https://exa mple.com/", "bad-url"],
    ["ftp://example.com/file", "unsupported-scheme"],
    ["mailto:news@example.com", "unsupported-scheme"],
    ["javascript:alert(1)", "unsupported-scheme"],
    ["https://", "no-host"],
    ["http:///?q=1", "no-host"],
  ])("%s → %s", (input, reason) => {
    expect(() => canonicalizeUrl(input)).toThrow(InvalidUrlError);
    try {
      canonicalizeUrl(input);
    } catch (err) {
      expect(err).toMatchObject({ name: "InvalidUrlError", reason });
    }
  });
});
