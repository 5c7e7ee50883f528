import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../bench/fixtures.ts";
import { extractCommand, runExtract, runExtractMany } from "./cli.ts";

function capture(): { out: string[]; err: string[]; io: { out: (l: string) => void; err: (l: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

describe("vigie extract", () => {
  it("never crashes on the failure-class pages: one article per page of the site set", () => {
    const c = capture();
    runExtract(`${FIXTURES}dev/sites`, { json: true }, c.io);
    const records = c.out.map((l) => JSON.parse(l) as { kind: string; wordCount: number; error?: string });
    expect(records).toHaveLength(66);
    for (const r of records) expect(r).toMatchObject({ kind: "article" });
    expect(c.err).toEqual([]);
  });

  it("says why it gives up on a page it cannot read", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigie-extract-"));
    writeFileSync(join(dir, "binary.html"), Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
    const c = capture();
    runExtract(join(dir, "binary.html"), {}, c.io);
    expect(c.out.join("\n")).toContain("error (binary)");
  });

  it("prints one JSON object with articleBody for a file", () => {
    const c = capture();
    runExtract(`${FIXTURES}dev/synthetic/wp-en-library.html`, { json: true, url: "https://example.com/lib" }, c.io);
    expect(c.out).toHaveLength(1);
    const record = JSON.parse(c.out[0] ?? "{}") as Record<string, unknown>;
    expect(record.articleBody).toBe(record.text);
    expect(record.kind).toBe("article");
    expect(record.file).toBeUndefined();
  });

  it("prints JSON lines for every *.html of a folder and reports unreadable files", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigie-extract-"));
    writeFileSync(join(dir, "a.html"), "<html><body><article><p>First page with enough words to count as text here.</p></article></body></html>");
    writeFileSync(join(dir, "b.html"), "<html><body><p>Second page.</p></body></html>");
    writeFileSync(join(dir, "notes.txt"), "ignored");
    const c = capture();
    runExtract(dir, { json: true }, c.io);
    const records = c.out.map((l) => JSON.parse(l) as { file: string; articleBody: string });
    expect(records.map((r) => r.file)).toEqual(["a.html", "b.html"]);
    expect(records[0]?.articleBody).toContain("First page");

    const missing = capture();
    runExtract(join(dir, "nope.html"), { json: true }, missing.io);
    expect(missing.err).toHaveLength(1);
    expect(JSON.parse(missing.out[0] ?? "{}")).toMatchObject({ file: "nope.html" });
    expect(missing.out[0]).toContain('"error"');
  });

  it("takes several files, folders and standard input in one call, one JSON line each with its file", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigie-extract-"));
    writeFileSync(join(dir, "a.html"), "<html><body><article><p>First page with enough words to count as text here.</p></article></body></html>");
    const other = mkdtempSync(join(tmpdir(), "vigie-extract-"));
    writeFileSync(join(other, "b.html"), "<html><body><p>Second page.</p></body></html>");
    writeFileSync(join(other, "c.html"), "<html><body><p>Third page.</p></body></html>");
    const stdin = new TextEncoder().encode("<html><body><article><p>Piped page from standard input with some words.</p></article></body></html>");
    const c = capture();
    runExtractMany([join(dir, "a.html"), other, "-"], { json: true, url: "https://example.com/x" }, c.io, () => stdin);
    const records = c.out.map((l) => JSON.parse(l) as { file: string; articleBody: string });
    expect(records.map((r) => r.file)).toEqual(["a.html", "b.html", "c.html", "-"]);
    expect(records[3]?.articleBody).toContain("Piped page");

    const single = capture();
    runExtractMany(["-"], { json: true }, single.io, () => stdin);
    expect(JSON.parse(single.out[0] ?? "{}")).not.toHaveProperty("file"); // one page: one object, as for a file
  });

  it("prints a human summary without --json, and documents its options", () => {
    const c = capture();
    runExtract(`${FIXTURES}kinds/listing-home.html`, {}, c.io);
    expect(c.out.join("\n")).toContain("listing");
    const help = extractCommand().helpInformation();
    for (const word of ["--url", "--json", "--max-bytes", "<paths...>"]) expect(help).toContain(word);
  });
});
