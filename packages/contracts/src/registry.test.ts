import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { eventSchemas, InvalidEventError, latestVersion, upcast, validateEvent, type EventType } from "./index.ts";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const files = readdirSync(fixtures).filter((f) => f.endsWith(".json"));

describe("event contracts", () => {
  it("has a fixture for every (type, version)", () => {
    const expected = Object.entries(eventSchemas).flatMap(([type, versions]) => Object.keys(versions).map((v) => `${type}.v${v}.json`));
    expect(files.sort()).toEqual(expected.sort());
  });

  it.each(files)("%s still parses and upcasts to a valid latest payload", (file) => {
    const [type, v] = file.replace(/\.json$/, "").split(".v") as [EventType, string];
    const data: unknown = JSON.parse(readFileSync(fixtures + file, "utf8"));
    expect(() => validateEvent(type, Number(v), data)).not.toThrow();
    const latest = upcast(type, Number(v), data);
    expect(latest.version).toBe(latestVersion(type));
    expect(() => validateEvent(type, latest.version, latest.data)).not.toThrow();
  });

  it("upcasts ArticleDiscovered v1 `published` into v2 `publishedAt`", () => {
    const out = upcast("ArticleDiscovered", 1, { published: "2024-01-01T00:00:00Z", title: "t" });
    expect(out).toEqual({ version: 2, data: { publishedAt: "2024-01-01T00:00:00Z", title: "t" } });
  });

  it("rejects unknown types, unknown versions and bad payloads with a reason", () => {
    expect(() => validateEvent("Nope", 1, {})).toThrow(/unknown event type/);
    expect(() => validateEvent("FeedEnabled", 9, {})).toThrow(/unknown schema version/);
    const bad = () => validateEvent("FeedPolled", 1, { feedId: "f", url: "ftp://x" });
    expect(bad).toThrow(InvalidEventError);
    expect(bad).toThrow(/url: expected an absolute http\(s\) URL/);
  });
});
