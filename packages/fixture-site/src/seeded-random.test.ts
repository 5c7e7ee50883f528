import { describe, expect, it } from "vitest";
import { seededRandom } from "./seeded-random.ts";

const take = (next: () => number, n: number) => Array.from({ length: n }, next);

describe("seededRandom", () => {
  it("gives mulberry32's sequence: the corpora and chaos runs generated before it moved here are generated again", () => {
    expect(take(seededRandom(42), 3)).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it("repeats a seed's sequence, differs between seeds, and stays in [0, 1)", () => {
    const values = take(seededRandom(7), 10_000);
    expect(take(seededRandom(7), 10_000)).toEqual(values);
    expect(take(seededRandom(8), 10)).not.toEqual(values.slice(0, 10));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    // Spread over the interval, not stuck in a corner of it.
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it("reads a seed modulo 2^32, as the chaos run's seed ^ constant and the benches' seeds were read", () => {
    expect(take(seededRandom(-1), 3)).toEqual(take(seededRandom(2 ** 32 - 1), 3));
    expect(take(seededRandom(2 ** 32 + 5), 3)).toEqual(take(seededRandom(5), 3));
  });
});
