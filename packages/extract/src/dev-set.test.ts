import { describe, expect, it } from "vitest";
import { DEV_SETS, loadSet } from "../bench/fixtures.ts";
import { extractArticle } from "./index.ts";
import { aggregate, scorePage } from "./token-score.ts";

/**
 * Regression floors, slightly under the figures measured when they were set (README): a change
 * that loses text or lets boilerplate in on the dev set fails here.
 */
const FLOORS: Record<string, number> = { "dev/synthetic": 0.985, "dev/scrapinghub": 0.97, "dev/sites": 0.98 };

describe("dev-set token F1", () => {
  for (const set of DEV_SETS) {
    it(`${set} stays above ${FLOORS[set]}`, () => {
      const pages = loadSet(set);
      expect(pages.length).toBeGreaterThanOrEqual(20);
      const score = aggregate(pages.map((p) => scorePage(p.gold, extractArticle({ html: p.html, url: p.url }).text)));
      expect(score.f1).toBeGreaterThan(FLOORS[set] ?? 1);
    });
  }
});
