import { describe, expect, it } from "vitest";
import { entitiesCommand, tagJsonLine } from "./cli.ts";
import type { Tagger } from "./types.ts";

const stub: Tagger = {
  tag: (text) => ({
    language: "fr",
    mentions: text.includes("Alep")
      ? [{ start: text.indexOf("Alep"), end: text.indexOf("Alep") + 4, text: "Alep", type: "LOC", entityId: "Q41183", confidence: 0.9 }]
      : [],
    entities: [],
  }),
};

describe("entities CLI", () => {
  it("maps one JSON line to the documented output shape", () => {
    expect(tagJsonLine(stub, JSON.stringify({ id: "a1", text: "la prise d'Alep" }), "auto", false)).toEqual({
      id: "a1",
      entities: [{ start: 11, end: 15, type: "LOC", text: "Alep", entityId: "Q41183" }],
    });
  });

  it("reports malformed lines instead of stopping, and skips blank ones", () => {
    expect(tagJsonLine(stub, "{oops", "auto", false)).toEqual({ id: null, entities: [], error: "invalid JSON" });
    expect(tagJsonLine(stub, JSON.stringify({ id: 7 }), "auto", false)?.error).toMatch(/text/);
    expect(tagJsonLine(stub, "   ", "auto", false)).toBeUndefined();
  });

  it("documents the tag subcommand and its options", () => {
    const tag = entitiesCommand().commands.find((c) => c.name() === "tag");
    const help = tag?.helpInformation() ?? "";
    expect(help).toMatch(/--lang/);
    expect(help).toMatch(/entityId/);
  });
});
