import { describe, expect, it } from "vitest";
import { normalizeUrls } from "./cli.ts";

describe("vigie url normalize", () => {
  it("prints one JSON line per URL and counts failures", async () => {
    const lines: string[] = [];
    const failures = await normalizeUrls(["https://WWW.example.com/a/?utm_source=x#f", "", "ftp://x"], (l) => lines.push(l));
    expect(failures).toBe(1);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { url: "https://WWW.example.com/a/?utm_source=x#f", canonical: "https://www.example.com/a/", matchKey: "example.com/a" },
      { url: "ftp://x", error: "unsupported-scheme" },
    ]);
  });
});
