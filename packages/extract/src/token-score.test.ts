import { describe, expect, it } from "vitest";
import { aggregate, scorePage } from "./token-score.ts";

describe("token scorer", () => {
  it("scores identical texts 1 and disjoint texts 0", () => {
    expect(scorePage("un deux trois", "un, deux; trois!").f1).toBe(1);
    expect(scorePage("un deux", "three four").f1).toBe(0);
  });
  it("counts Unicode words like Python's \\w+", () => {
    expect(scorePage("l'été arrivé", "l été arrivé").f1).toBe(1);
    expect(scorePage("Ελλάδα 東京", "Ελλάδα").recall).toBeCloseTo(0.5);
  });
  it("computes precision and recall on token counts", () => {
    const s = scorePage("a b c d", "a b x");
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(0.5);
  });
  it("supports shingles and aggregates like the public benchmark", () => {
    expect(scorePage("a b c d e", "a b c d e", 4).f1).toBe(1);
    expect(scorePage("a b c d e", "e d c b a", 4).f1).toBe(0);
    const set = aggregate([
      { precision: 1, recall: 0.5, f1: 2 / 3 },
      { precision: 0.5, recall: 1, f1: 2 / 3 },
    ]);
    expect(set.f1).toBeCloseTo(0.75);
    expect(set.meanPageF1).toBeCloseTo(2 / 3);
  });
});
