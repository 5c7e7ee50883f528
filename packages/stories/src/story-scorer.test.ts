import { describe, expect, it } from "vitest";
import type { Signature } from "./signature.ts";
import { StoryIndex } from "./story-index.ts";
import { resolveStoryModelOptions } from "./story-model-options.ts";
import { StoryScorer } from "./story-scorer.ts";

const HOUR = 3_600_000;
const round = (x: number) => Math.round(x * 1000) / 1000;
const groupOf = (name: string) => (name.startsWith("e:") ? 0 : name.startsWith("t:") ? 1 : 2);

/**
 * The score as docs/stories.md defines it, from names and maps: per group the cosine of the
 * tf-idf vectors (words only within the article's language), weighted, times the time proximity.
 * Sums run in the model's orders (dot products over the article's features, the story's norm over
 * its centroid) so that the result is equal to the last bit.
 */
function referenceScore(
  article: Signature,
  centroid: [string, number][],
  first: number,
  last: number,
  df: Map<string, number>,
  documents: number,
  without?: Signature,
): number {
  const idf = (name: string) => Math.log(1 + (documents + 1) / (1 + (df.get(name) ?? 0)));
  const story = new Map(centroid);
  const dot = [0, 0, 0];
  const articleNorm = [0, 0, 0];
  const storyNorm = [0, 0, 0];
  for (const [name, w] of Object.entries(article.features)) {
    const g = groupOf(name);
    const aw = w * idf(name);
    articleNorm[g] = (articleNorm[g] ?? 0) + aw * aw;
    const sw = story.get(name);
    if (sw !== undefined) dot[g] = (dot[g] ?? 0) + aw * (sw - (without?.features[name] ?? 0)) * idf(name);
  }
  for (const [name, sw] of centroid) {
    const g = groupOf(name);
    if (g === 1 && !name.startsWith(`t:${article.language}:`)) continue;
    const w = (sw - (without?.features[name] ?? 0)) * idf(name);
    storyNorm[g] = (storyNorm[g] ?? 0) + w * w;
  }
  const cos = (g: number) =>
    (articleNorm[g] ?? 0) > 0 && (storyNorm[g] ?? 0) > 0 ? (dot[g] ?? 0) / Math.sqrt((articleNorm[g] ?? 0) * (storyNorm[g] ?? 0)) : 0;
  const sameLanguage = (storyNorm[1] ?? 0) > 0 && (articleNorm[1] ?? 0) > 0;
  const similarity = (0.4 * cos(0) + (sameLanguage ? 0.3 * cos(1) : 0) + 0.3 * cos(2)) / (0.4 + 0.3 + (sameLanguage ? 0.3 : 0));
  const hours = article.publishedAt < first ? (first - article.publishedAt) / HOUR : Math.max(0, (article.publishedAt - last) / HOUR);
  return round(similarity * Math.exp(-hours / 72));
}

describe("StoryScorer", () => {
  it("scores every story exactly as the formula, with and without a revision's previous signature, across decisions", () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = (n: number) => Math.floor(random() * n);
    const name = () => [`e:Q${pick(30)}`, `t:${random() < 0.5 ? "en" : "fr"}:w${pick(30)}`, `x:c:${pick(20)}`][pick(3)] ?? "";
    const index = new StoryIndex();
    const scorer = new StoryScorer(index, resolveStoryModelOptions());
    const df = new Map<string, number>();
    for (let i = 0; i < 120; i++) {
      const feature = name();
      const id = index.features.intern(feature);
      const n = 1 + pick(20);
      index.features.df[id] = n;
      df.set(feature, n);
    }
    const t0 = Date.UTC(2026, 2, 1);
    const stories = Array.from({ length: 25 }, (_, s) => {
      const story = index.open(`s${s}`, t0 + pick(48) * HOUR);
      story.last = story.first + pick(24) * HOUR;
      for (let f = 0; f < 20; f++) index.setWeight(story, index.features.intern(name()), random() < 0.2 ? 0 : 1 + pick(4));
      return story;
    });
    let compared = 0;
    for (let decision = 0; decision < 40; decision++) {
      const features: Record<string, number> = {};
      for (let f = 0; f < 15; f++) features[random() < 0.1 ? `t:en:unseen${decision}-${f}` : name()] = 1 + pick(3);
      const article: Signature = { language: random() < 0.5 ? "en" : "fr", publishedAt: t0 + pick(96) * HOUR, features };
      const documents = 200 + decision;
      scorer.begin(article, documents);
      for (const story of stories) {
        const centroid = index.centroidOf(story);
        // A revision's previous signature: part of what the story holds.
        const without: Signature = { ...article, features: Object.fromEntries(centroid.filter(() => random() < 0.3).map(([f, w]) => [f, w / 2])) };
        for (const minus of [undefined, without]) {
          const scored = scorer.score(story, article, minus);
          expect(scored.score).toBe(referenceScore(article, centroid, story.first, story.last, df, documents, minus));
          if (scored.score > 0) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});
