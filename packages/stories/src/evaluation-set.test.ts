import { describe, expect, it } from "vitest";
import { EvaluationSetError, parseEvaluationSet } from "./evaluation-set.ts";

describe("parseEvaluationSet", () => {
  it("reads stories and their articles with times relative to the story", () => {
    const set = parseEvaluationSet("# c\n## s1 | 2026-01-05T06:00Z | note\nen | Reuters | 1.5 | Title | Lead.\nfr | AFP | 0 | Titre | Chapeau.\n");
    expect(set).toHaveLength(2);
    expect(set[0]).toMatchObject({ articleId: "s1-1", story: "s1", language: "en", publishedAt: Date.parse("2026-01-05T07:30Z") });
  });
  it("says which line does not parse", () => {
    expect(() => parseEvaluationSet("en | Reuters | 1 | Title | Lead", "x.txt")).toThrow(EvaluationSetError);
    expect(() => parseEvaluationSet("## s1 | not a date | n", "x.txt")).toThrow(/x.txt:1/);
  });
});
