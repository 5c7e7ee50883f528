import type { Signature } from "./signature.ts";

export interface StoryModelOptions {
  /** Least score to join an open story; below it the article starts one (chosen on the odd-numbered half of the evaluation set). @defaultValue 0.12 */
  threshold?: number;
  /** An article that scores this much with two stories merges them. @defaultValue 0.55 */
  mergeThreshold?: number;
  /** A live-blog revision moves only to a story that beats its own by this much. @defaultValue 0.1 */
  moveMargin?: number;
  /** A story with no article for this long is closed (forgotten). @defaultValue 96 */
  windowHours?: number;
  /** Time proximity: the score is multiplied by exp(−Δh / this). @defaultValue 72 */
  timeScaleHours?: number;
  /** Weights of the three similarities (renormalised when a story has no words in the article's language). @defaultValue 0.4, 0.3, 0.3 */
  weights?: { entities: number; terms: number; crossLingual: number };
  /**
   * Features in more open stories than this find no candidates (they still score): an article
   * finds its story through what is rare, and common words would make every decision a scan. @defaultValue 500
   */
  maxPosting?: number;
  /** Candidates scored exactly, best partial scores first. @defaultValue 40 */
  shortlist?: number;
  /** Features a story keeps (the heaviest). @defaultValue 150 */
  maxStoryFeatures?: number;
  /** Distinct features counted for rarity before the counts are halved. @defaultValue 500000 */
  maxVocabulary?: number;
  /** Score every open story instead of the index's shortlist: the baseline of the benchmark and tests. @defaultValue false */
  exhaustive?: boolean;
}

/** Why an article joined a story: the event carries it. */
export interface StoryExplanation {
  score: number;
  entities: number;
  terms: number;
  crossLingual: number;
  /** Hours between the article and the story's latest article. */
  hours: number;
  /** The features that weighed most in the score. */
  shared: string[];
}

export type StoryDecision =
  | { kind: "start"; storyId: string; nearest?: StoryExplanation & { storyId: string } }
  | { kind: "join"; storyId: string; explanation: StoryExplanation; previousStoryId?: string; merges: { storyId: string; score: number }[] };

interface OpenStory {
  id: string;
  first: number;
  last: number;
  centroid: Map<string, number>;
  articles: Set<string>;
}

type Group = "e" | "t" | "x";
const groupOf = (feature: string): Group => (feature.charCodeAt(0) === 101 ? "e" : feature.charCodeAt(0) === 116 ? "t" : "x");

const HOUR = 3_600_000;

/**
 * Online story assignment over a window of open stories, in memory. Candidates come from an
 * inverted index (feature → open stories holding it), so a decision costs the postings of the
 * article's rarer features and not a scan of every open story. `decide` reads; `start`, `join`
 * and `merge` change the state, and replaying the events' decisions in order rebuilds it.
 */
export class StoryModel {
  private readonly options: Required<StoryModelOptions>;
  private readonly stories = new Map<string, OpenStory>();
  private readonly postings = new Map<string, Map<string, number>>();
  private readonly members = new Map<string, { storyId: string; signature: Signature }>();
  private readonly df = new Map<string, number>();
  private documents = 0;
  private now = 0;
  private sinceSweep = 0;

  constructor(options: StoryModelOptions = {}) {
    this.options = {
      threshold: 0.12,
      mergeThreshold: 0.55,
      moveMargin: 0.1,
      windowHours: 96,
      timeScaleHours: 72,
      weights: { entities: 0.4, terms: 0.3, crossLingual: 0.3 },
      maxPosting: 500,
      shortlist: 40,
      maxStoryFeatures: 150,
      maxVocabulary: 500_000,
      exhaustive: false,
      ...options,
    };
  }

  get openStories(): number {
    return this.stories.size;
  }

  storyOf(articleId: string): string | undefined {
    return this.members.get(articleId)?.storyId;
  }

  private idf(feature: string): number {
    return Math.log(1 + (this.documents + 1) / (1 + (this.df.get(feature) ?? 0)));
  }

  /** Where this article belongs. `newStoryId` names the story it would start. */
  decide(articleId: string, signature: Signature, newStoryId: string): StoryDecision {
    const current = this.members.get(articleId);
    const weights = new Map<string, number>();
    for (const [f, w] of Object.entries(signature.features)) weights.set(f, w * this.idf(f));
    // Partial dot products over the postings of the rarer features: the shortlist.
    const partial = new Map<string, number>();
    for (const [f, aw] of this.options.exhaustive ? [] : weights) {
      const posting = this.postings.get(f);
      if (!posting || posting.size > this.options.maxPosting) continue;
      const idf = this.idf(f);
      for (const [storyId, sw] of posting) partial.set(storyId, (partial.get(storyId) ?? 0) + aw * sw * idf);
    }
    if (current) partial.set(current.storyId, Number.POSITIVE_INFINITY);
    const shortlist = this.options.exhaustive ? [...this.stories.keys()].map((id) => [id, 0] as const) : topK(partial, this.options.shortlist);
    const scored: (StoryExplanation & { storyId: string })[] = [];
    for (const [storyId] of shortlist) {
      const story = this.stories.get(storyId);
      if (!story) continue;
      const without = current?.storyId === storyId ? current.signature : undefined;
      if (without && story.articles.size === 1) continue;
      scored.push({ storyId, ...this.score(weights, signature, story, without) });
    }
    scored.sort((a, b) => b.score - a.score || (a.storyId < b.storyId ? -1 : 1));
    const best = scored[0];
    const own = current ? scored.find((s) => s.storyId === current.storyId) : undefined;
    if (current) {
      const moveTo =
        best && best.storyId !== current.storyId && best.score >= this.options.threshold && best.score > (own?.score ?? 0) + this.options.moveMargin
          ? best
          : undefined;
      if (moveTo) return { kind: "join", storyId: moveTo.storyId, explanation: strip(moveTo), previousStoryId: current.storyId, merges: [] };
      const stay = own ?? { score: 1, entities: 1, terms: 1, crossLingual: 1, hours: 0, shared: [] };
      return { kind: "join", storyId: current.storyId, explanation: strip(stay), previousStoryId: current.storyId, merges: [] };
    }
    if (!best || best.score < this.options.threshold) return { kind: "start", storyId: newStoryId, ...(best ? { nearest: best } : {}) };
    const merges = scored
      .slice(1)
      .filter((s) => s.score >= this.options.mergeThreshold && best.score >= this.options.mergeThreshold)
      .map((s) => ({ storyId: s.storyId, score: s.score }));
    return { kind: "join", storyId: best.storyId, explanation: strip(best), merges };
  }

  private score(weights: Map<string, number>, signature: Signature, story: OpenStory, without: Signature | undefined): StoryExplanation {
    const dot = { e: 0, t: 0, x: 0 };
    const articleNorm = { e: 0, t: 0, x: 0 };
    const storyNorm = { e: 0, t: 0, x: 0 };
    const contributions: [string, number][] = [];
    const termPrefix = `t:${signature.language}:`;
    const centroidWeight = (f: string, w: number) => w - (without?.features[f] ?? 0);
    for (const [f, aw] of weights) {
      const g = groupOf(f);
      articleNorm[g] += aw * aw;
      const sw = story.centroid.get(f);
      if (sw === undefined) continue;
      const c = aw * centroidWeight(f, sw) * this.idf(f);
      dot[g] += c;
      contributions.push([f, c]);
    }
    for (const [f, sw] of story.centroid) {
      const g = groupOf(f);
      if (g === "t" && !f.startsWith(termPrefix)) continue;
      const w = centroidWeight(f, sw) * this.idf(f);
      storyNorm[g] += w * w;
    }
    const cos = (g: Group) => (articleNorm[g] > 0 && storyNorm[g] > 0 ? dot[g] / Math.sqrt(articleNorm[g] * storyNorm[g]) : 0);
    const { entities: we, terms: wt, crossLingual: wx } = this.options.weights;
    const sameLanguage = storyNorm.t > 0 && articleNorm.t > 0;
    const similarity = (we * cos("e") + (sameLanguage ? wt * cos("t") : 0) + wx * cos("x")) / (we + wx + (sameLanguage ? wt : 0));
    const hours = signature.publishedAt < story.first ? (story.first - signature.publishedAt) / HOUR : Math.max(0, (signature.publishedAt - story.last) / HOUR);
    const score = similarity * Math.exp(-hours / this.options.timeScaleHours);
    const shared = contributions
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([f]) => f);
    return { score: round(score), entities: round(cos("e")), terms: round(cos("t")), crossLingual: round(cos("x")), hours: round(hours), shared };
  }

  /** The article starts a story. */
  start(storyId: string, articleId: string, signature: Signature): void {
    this.detach(articleId);
    const story: OpenStory = { id: storyId, first: signature.publishedAt, last: signature.publishedAt, centroid: new Map(), articles: new Set() };
    this.stories.set(storyId, story);
    this.attach(story, articleId, signature);
  }

  /** The article joins (or, a revision, moves to or stays in) a story. An unknown (closed) story is reopened. */
  join(storyId: string, articleId: string, signature: Signature): void {
    this.detach(articleId);
    let story = this.stories.get(storyId);
    if (!story) {
      story = { id: storyId, first: signature.publishedAt, last: signature.publishedAt, centroid: new Map(), articles: new Set() };
      this.stories.set(storyId, story);
    }
    this.attach(story, articleId, signature);
  }

  /** `from`'s articles move to `into`, and `from` is gone. */
  merge(intoId: string, fromId: string): void {
    const from = this.stories.get(fromId);
    const into = this.stories.get(intoId);
    if (!from || !into || from === into) return;
    for (const articleId of [...from.articles]) {
      const member = this.members.get(articleId);
      if (member) this.join(intoId, articleId, member.signature);
    }
    this.close(from);
  }

  private attach(story: OpenStory, articleId: string, signature: Signature): void {
    this.documents++;
    for (const f of Object.keys(signature.features)) this.df.set(f, (this.df.get(f) ?? 0) + 1);
    if (this.df.size > this.options.maxVocabulary) this.halveCounts();
    for (const [f, w] of Object.entries(signature.features)) this.setWeight(story, f, (story.centroid.get(f) ?? 0) + w);
    if (story.centroid.size > this.options.maxStoryFeatures) {
      const lightest = [...story.centroid].sort((a, b) => a[1] - b[1]).slice(0, story.centroid.size - this.options.maxStoryFeatures);
      for (const [f] of lightest) this.setWeight(story, f, 0);
    }
    story.articles.add(articleId);
    story.first = Math.min(story.first, signature.publishedAt);
    story.last = Math.max(story.last, signature.publishedAt);
    this.members.set(articleId, { storyId: story.id, signature });
    this.now = Math.max(this.now, signature.publishedAt);
    if (++this.sinceSweep >= 1000) this.sweep();
  }

  private detach(articleId: string): void {
    const member = this.members.get(articleId);
    if (!member) return;
    this.members.delete(articleId);
    const story = this.stories.get(member.storyId);
    if (!story) return;
    story.articles.delete(articleId);
    for (const [f, w] of Object.entries(member.signature.features)) {
      const left = (story.centroid.get(f) ?? 0) - w;
      this.setWeight(story, f, left > 1e-6 ? left : 0);
    }
  }

  private setWeight(story: OpenStory, feature: string, weight: number): void {
    if (weight <= 0) {
      story.centroid.delete(feature);
      const posting = this.postings.get(feature);
      posting?.delete(story.id);
      if (posting?.size === 0) this.postings.delete(feature);
      return;
    }
    story.centroid.set(feature, weight);
    let posting = this.postings.get(feature);
    if (!posting) this.postings.set(feature, (posting = new Map()));
    posting.set(story.id, weight);
  }

  private close(story: OpenStory): void {
    for (const f of [...story.centroid.keys()]) this.setWeight(story, f, 0);
    for (const articleId of story.articles) this.members.delete(articleId);
    this.stories.delete(story.id);
  }

  /** Closes the stories whose latest article is older than the window (bounded memory). */
  sweep(): void {
    this.sinceSweep = 0;
    const horizon = this.now - this.options.windowHours * HOUR;
    for (const story of [...this.stories.values()]) if (story.last < horizon) this.close(story);
  }

  private halveCounts(): void {
    for (const [f, n] of this.df) {
      if (n <= 1) this.df.delete(f);
      else this.df.set(f, Math.floor(n / 2));
    }
    this.documents = Math.floor(this.documents / 2);
  }
}

/** The k entries with the largest values, largest first, without sorting them all. */
function topK(values: Map<string, number>, k: number): [string, number][] {
  const best: [string, number][] = [];
  for (const entry of values) {
    if (best.length === k && entry[1] <= (best[k - 1]?.[1] ?? Number.NEGATIVE_INFINITY)) continue;
    let i = best.length < k ? best.length : k - 1;
    while (i > 0 && (best[i - 1]?.[1] ?? 0) < entry[1]) {
      best[i] = best[i - 1] ?? entry;
      i--;
    }
    best[i] = entry;
  }
  return best;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const strip = ({ score, entities, terms, crossLingual, hours, shared }: StoryExplanation): StoryExplanation => ({
  score,
  entities,
  terms,
  crossLingual,
  hours,
  shared,
});
