import { describe, expect, it } from "vitest";
import { facetQuery } from "./facet-query.ts";

describe("facetQuery", () => {
  it("is null without a facet filter", () => {
    expect(facetQuery({})).toBeNull();
  });

  it("ANDs one quoted lexeme per filter", () => {
    expect(facetQuery({ feed: "f1", lang: "fr", entity: "Q42" })).toBe("'feed f1' & 'lang fr' & 'entity Q42'");
  });

  it("escapes quotes and backslashes inside ids", () => {
    expect(facetQuery({ entity: "l'Élysée\\x" })).toBe("'entity l''Élysée\\\\x'");
  });
});
