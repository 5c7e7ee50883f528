import { describe, expect, it } from "vitest";
import { InvalidSearchQueryError } from "./invalid-search-query-error.ts";
import { parseQuery } from "./parse-query.ts";
import { markHighlights } from "./search-articles.ts";
import { trendScore } from "./trending.ts";

describe("parseQuery", () => {
  it("describes words, phrases, negations and or", () => {
    expect(parseQuery('  réforme   "des retraites" -cheminots -"toute la France" or grève ')).toEqual({
      text: 'réforme "des retraites" -cheminots -"toute la France" or grève',
      terms: ["réforme", "grève"],
      phrases: ["des retraites"],
      excluded: ["cheminots", "toute la France"],
      hasOr: true,
    });
    expect(parseQuery('"unclosed phrase').phrases).toEqual(["unclosed phrase"]);
    expect(parseQuery("Élysée - ,").terms).toEqual(["Élysée"]);
  });

  it("refuses empty, negation-only and overlong queries", () => {
    for (const bad of ["", "   ", "-a", '-"a b" -c', '""', "or", "- ,", "x".repeat(501)]) expect(() => parseQuery(bad), bad).toThrow(InvalidSearchQueryError);
  });
});

describe("trendScore", () => {
  it("is the z-score of the window against the baseline, smoothed by the Poisson floor and 1", () => {
    expect(trendScore(9, [1, 1, 1])).toEqual({ score: 8 / Math.sqrt(2), mean: 1, std: 0 });
    expect(trendScore(4, [0, 0]).score).toBe(4);
    expect(trendScore(5, [5, 5]).score).toBe(0);
    const { score, mean, std } = trendScore(10, [2, 4]);
    expect([mean, std]).toEqual([3, 1]);
    expect(score).toBeCloseTo(7 / Math.sqrt(1 + 3 + 1), 12);
    expect(trendScore(3, []).score).toBe(3);
  });
});

describe("markHighlights", () => {
  it("escapes the text and turns ts_headline's markers into <mark>", () => {
    expect(markHighlights('a < \uE000b\uE001 & "c"')).toBe("a &#60; <mark>b</mark> &#38; &#34;c&#34;");
  });
});
