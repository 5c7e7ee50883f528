import { describe, expect, it } from "vitest";
import { deterministicEventId } from "./event-id.ts";

describe("deterministicEventId", () => {
  it("is stable for the same stage and key and differs otherwise", () => {
    const a = deterministicEventId("fetcher", "article:1");
    expect(a).toBe(deterministicEventId("fetcher", "article:1"));
    expect(a).not.toBe(deterministicEventId("tagger", "article:1"));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
