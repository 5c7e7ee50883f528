import { describe, expect, it } from "vitest";
import { evaluatePairs } from "./evaluate-pairs.ts";
import { loadFixtureArticles, loadFixturePairs } from "./load-fixtures.ts";

describe("fixture set (fixtures/pairs.tsv)", () => {
  const articles = loadFixtureArticles();
  const pairs = loadFixturePairs();

  it("has at least 60 labelled pairs in French and English, both labels", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(60);
    const langs = new Set(pairs.map((p) => p.a.slice(0, 2)));
    expect(langs).toEqual(new Set(["fr", "en"]));
    expect(pairs.filter((p) => p.same).length).toBeGreaterThan(20);
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThan(20);
  });

  it("reaches precision ≥ 0.95 and recall ≥ 0.90 with the default options", () => {
    const ev = evaluatePairs(articles, pairs);
    expect(ev.precision, JSON.stringify(ev.errors)).toBeGreaterThanOrEqual(0.95);
    expect(ev.recall, JSON.stringify(ev.errors)).toBeGreaterThanOrEqual(0.9);
  });

  it("is a real test: with a deliberately loose threshold precision drops", () => {
    const ev = evaluatePairs(articles, pairs, { containmentThreshold: 0.05, jaccardThreshold: 0.02, lsh: { rows: 1 } });
    expect(ev.precision).toBeLessThan(0.95);
  });
});
