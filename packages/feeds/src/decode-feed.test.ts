import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeFeed, normaliseCharset } from "./decode-feed.ts";

const rss = (title: string, decl = ""): string => `<?xml version="1.0"${decl}?><rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const FR = "Été brûlant à Besançon — « 5 € »";
const RU = "Правительство области объявило о новых мерах поддержки малого бизнеса региона";

describe("decodeFeed", () => {
  it("uses a UTF-8 BOM over any declaration", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(FR, ' encoding="ISO-8859-1"'))]);
    expect(decodeFeed(bytes, "text/xml; charset=windows-1251")).toMatchObject({ charset: "utf-8", source: "bom", text: rss(FR, ' encoding="ISO-8859-1"') });
  });

  it("decodes UTF-16 with and without a BOM", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(rss("東京"), "utf-16le")]);
    expect(decodeFeed(le).text).toContain("<title>東京</title>");
    expect(decodeFeed(iconv.encode(rss("東京"), "utf-16be")).text).toContain("<title>東京</title>");
  });

  it("decodes Windows-1252 bytes that declare nothing", () => {
    const decoded = decodeFeed(iconv.encode(rss(FR), "windows-1252"));
    expect(decoded.text).toContain(FR);
    expect(decoded.charset).toBe("windows-1252");
  });

  it("treats ISO-8859-1 declarations as Windows-1252 (curly quotes and euro in C1 bytes)", () => {
    const text = "l’été coûte 5 €";
    expect(decodeFeed(iconv.encode(rss(text, ' encoding="ISO-8859-1"'), "windows-1252")).text).toContain(text);
  });

  it("follows the XML prolog when there is no header", () => {
    expect(decodeFeed(iconv.encode(rss(RU, ' encoding="KOI8-R"'), "koi8-r"))).toMatchObject({ charset: "koi8-r", source: "prolog" });
  });

  it("prefers the HTTP header to the prolog", () => {
    const bytes = iconv.encode(rss(RU, ' encoding="KOI8-R"'), "windows-1251");
    const decoded = decodeFeed(bytes, "application/rss+xml; charset=windows-1251");
    expect(decoded).toMatchObject({ charset: "windows-1251", source: "header" });
    expect(decoded.text).toContain(RU);
  });

  it("ignores a UTF-8 header when the bytes are not UTF-8", () => {
    const decoded = decodeFeed(iconv.encode(rss(FR, ' encoding="ISO-8859-1"'), "latin1"), "text/xml; charset=utf-8");
    expect(decoded.text).toContain(FR.replace("—", "?").replace("€", "?").slice(0, 10));
    expect(decoded.source).toBe("prolog");
  });

  it("reads valid non-ASCII UTF-8 as UTF-8 even when it claims Latin-1", () => {
    const decoded = decodeFeed(Buffer.from(rss(FR, ' encoding="iso-8859-1"')), "text/xml; charset=ISO-8859-1");
    expect(decoded).toMatchObject({ charset: "utf-8", source: "utf8-valid" });
    expect(decoded.text).toContain(FR);
  });

  it("sniffs undeclared Cyrillic instead of garbling it as Western", () => {
    const decoded = decodeFeed(iconv.encode(rss(RU), "windows-1251"));
    expect(decoded).toMatchObject({ charset: "windows-1251", source: "sniffed" });
    expect(decoded.text).toContain(RU);
  });

  it("falls back to sniffing when the declared charset is unknown", () => {
    expect(decodeFeed(iconv.encode(rss(FR, ' encoding="latin-9000"'), "windows-1252")).text).toContain(FR);
  });

  it("normalises labels", () => {
    expect(normaliseCharset("UTF8")).toBe("utf-8");
    expect(normaliseCharset('"ISO-8859-1"')).toBe("windows-1252");
    expect(normaliseCharset("nonsense-42")).toBeUndefined();
  });
});
