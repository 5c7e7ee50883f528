import { describe, expect, it } from "vitest";
import { bCubed, crossLingualPairRecall } from "./b-cubed.ts";

describe("bCubed", () => {
  it("is 1 for a perfect clustering and penalises a lumped and a split one", () => {
    const gold = new Map([
      ["a", "1"],
      ["b", "1"],
      ["c", "2"],
    ]);
    expect(
      bCubed(
        gold,
        new Map([
          ["a", "x"],
          ["b", "x"],
          ["c", "y"],
        ]),
      ).f1,
    ).toBe(1);
    const lumped = bCubed(
      gold,
      new Map([
        ["a", "x"],
        ["b", "x"],
        ["c", "x"],
      ]),
    );
    expect(lumped.recall).toBe(1);
    expect(lumped.precision).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3) / 3);
    const split = bCubed(
      gold,
      new Map([
        ["a", "x"],
        ["b", "y"],
        ["c", "z"],
      ]),
    );
    expect(split.precision).toBe(1);
    expect(split.recall).toBeCloseTo((1 / 2 + 1 / 2 + 1) / 3);
  });

  it("counts only pairs of one story in two languages for cross-lingual recall", () => {
    const gold = new Map([
      ["en1", "1"],
      ["fr1", "1"],
      ["fr2", "1"],
      ["en2", "2"],
    ]);
    const language = new Map([
      ["en1", "en"],
      ["fr1", "fr"],
      ["fr2", "fr"],
      ["en2", "en"],
    ]);
    const predicted = new Map([
      ["en1", "x"],
      ["fr1", "x"],
      ["fr2", "y"],
      ["en2", "z"],
    ]);
    expect(crossLingualPairRecall(gold, predicted, language)).toEqual({ pairs: 2, recall: 0.5 });
  });
});
