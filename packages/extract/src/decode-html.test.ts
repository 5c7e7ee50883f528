import { describe, expect, it } from "vitest";
import { decodeHtml } from "./index.ts";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "latin1"));

describe("decodeHtml", () => {
  it("reads undeclared UTF-8 as UTF-8", () => {
    expect(decodeHtml(utf8("<p>Été à Noël</p>"))).toBe("<p>Été à Noël</p>");
  });
  it("sniffs undeclared non-UTF-8 bytes as windows-1252", () => {
    expect(decodeHtml(latin1("<p>Été</p>"))).toBe("<p>Été</p>");
  });
  it("follows <meta charset> and http-equiv", () => {
    expect(decodeHtml(latin1('<meta charset="iso-8859-1"><p>déjà</p>'))).toContain("déjà");
    expect(decodeHtml(latin1('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>déjà</p>'))).toContain("déjà");
  });
  it("lets the HTTP header win over the meta declaration", () => {
    expect(decodeHtml(utf8('<meta charset="iso-8859-1"><p>déjà</p>'), "text/html; charset=utf-8")).toContain("déjà");
  });
  it("lets a BOM win over everything", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("<p>ça</p>")]);
    expect(decodeHtml(bytes, "text/html; charset=iso-8859-1")).toBe("<p>ça</p>");
  });
  it("falls back on unknown labels instead of throwing", () => {
    expect(decodeHtml(utf8("<p>ok</p>"), "text/html; charset=x-bogus-42")).toBe("<p>ok</p>");
  });
});
