import { describe, expect, it } from "vitest";
import { aliasKey, aliasKeyNoArticle, localId } from "./normalise.ts";

describe("alias keys", () => {
  it("fold case, accents, apostrophes, hyphens and acronym dots", () => {
    expect(aliasKey("États-Unis")).toBe(aliasKey("etats unis"));
    expect(aliasKey("U.S.")).toBe("us");
    expect(aliasKeyNoArticle("la Syrie")).toBe("syrie");
    expect(aliasKeyNoArticle("l’Allemagne")).toBe("allemagne");
  });

  it("derive deterministic local ids", () => {
    expect(localId("PER", "Lin Jian")).toBe("local:per:lin-jian");
    expect(localId("ORG", "Forces démocratiques")).toBe("local:org:forces-democratiques");
    expect(localId("MISC", "!!!")).toBe("local:misc:x");
  });
});
