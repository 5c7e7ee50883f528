import { describe, expect, it } from "vitest";
import { lshBandKeys, lshBands, minhash, minhashSignature, shingleHashes } from "./minhash-signature.ts";
import { containment, estimatedContainment, jaccard, signatureJaccard } from "./similarity.ts";

/** Deterministic pseudo-text: word i of a vocabulary of `vocab` words. */
function words(n: number, offset = 0, vocab = 5000): string {
  return Array.from({ length: n }, (_, i) => `w${((i + offset) * 7919) % vocab}`).join(" ");
}

describe("minhashSignature", () => {
  it("has 128 positions and is deterministic", () => {
    const a = minhashSignature(words(200));
    expect(a).toHaveLength(128);
    expect(minhashSignature(words(200))).toEqual(a);
    expect(minhashSignature(words(200), { seed: 1 })).not.toEqual(a);
  });

  it("ignores typography like the text hash", () => {
    expect(minhashSignature("Le Président a parlé.")).toEqual(minhashSignature("le president a PARLE"));
  });

  it("estimates Jaccard within sampling error", () => {
    const base = words(400);
    for (const keep of [100, 200, 300]) {
      const other = `${words(keep)} ${words(400 - keep, 10_000)}`;
      const exact = jaccard(shingleHashes(base), shingleHashes(other));
      const estimate = signatureJaccard(minhashSignature(base), minhashSignature(other));
      // Standard error of a 128-permutation estimate is at most 0.045.
      expect(Math.abs(estimate - exact)).toBeLessThan(0.15);
    }
  });

  it("estimates containment of a trimmed copy", () => {
    const full = minhash(words(400));
    const part = minhash(words(150));
    const c = estimatedContainment(signatureJaccard(full.signature, part.signature), full.shingleCount, part.shingleCount);
    expect(c).toBeGreaterThan(0.8);
  });

  it("treats a text shorter than a shingle as one shingle", () => {
    expect(shingleHashes("deux mots").size).toBe(1);
    expect(shingleHashes("").size).toBe(0);
  });
});

describe("lshBands", () => {
  it("gives 42 bands of 3 rows by default, as 8-digit hex", () => {
    const bands = lshBands(minhashSignature(words(100)));
    expect(bands).toHaveLength(42);
    for (const b of bands) expect(b).toMatch(/^[0-9a-f]{8}$/);
  });
  it("shares bands between near duplicates only", () => {
    const a = new Set(lshBands(minhashSignature(words(300))));
    const near = lshBands(minhashSignature(`${words(280)} ${words(20, 9000)}`));
    const far = lshBands(minhashSignature(words(300, 2500)));
    expect(near.filter((k) => a.has(k)).length).toBeGreaterThan(10);
    expect(far.filter((k) => a.has(k))).toHaveLength(0);
  });
  it("mixes the band index in, so equal rows in different bands do not collide", () => {
    const sig = new Uint32Array(128).fill(7);
    expect(new Set(lshBandKeys(sig)).size).toBe(42);
  });
  it("refuses a banding that does not fit the signature", () => {
    expect(() => lshBandKeys(new Uint32Array(128), { rows: 4, bands: 40 })).toThrow(RangeError);
  });
});

describe("jaccard and containment", () => {
  it("are exact on sets", () => {
    expect(jaccard(["a", "b", "c"], ["b", "c", "d"])).toBe(0.5);
    expect(containment(["b", "c"], ["a", "b", "c", "d"])).toBe(1);
    expect(containment(["a", "x"], ["a", "b"])).toBe(0.5);
    expect(jaccard([], [])).toBe(1);
  });
});
