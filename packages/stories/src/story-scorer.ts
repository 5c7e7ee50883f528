import { CROSS_LINGUAL, ENTITIES, type Group, groupOf, TERMS } from "./feature-table.ts";
import type { Signature } from "./signature.ts";
import type { StoryExplanation } from "./story-decision.ts";
import type { OpenStory, StoryIndex } from "./story-index.ts";
import type { StoryModelOptions } from "./story-model-options.ts";

/** An open story scored against the article of the decision. */
export interface Scored {
  storyId: string;
  story: OpenStory;
  /** The signature taken out of the story before scoring (a revision's previous one), if any. */
  without: Signature | undefined;
  score: number;
  entities: number;
  terms: number;
  crossLingual: number;
  hours: number;
}

const HOUR = 3_600_000;

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * What one decision computes: the article's weighted features, the partial dot products over the
 * postings of its rarer features, the shortlist, the exact scores and their explanation. Its
 * scratch lives in typed arrays reused and stamped with the decision's number; nothing is kept
 * from one decision to the next.
 */
export class StoryScorer {
  private stamp = 0;
  private documents = 0;
  private partialScore = new Float64Array(1024);
  private partialStamp = new Uint32Array(1024);
  private readonly touched: number[] = [];
  private readonly topSlots: number[] = [];
  private readonly topScores: number[] = [];
  private readonly articleNames: string[] = [];
  private readonly articleIds: number[] = [];
  private readonly articleGroups: number[] = [];
  private readonly articleWeights: number[] = [];
  /** The article's norm in each group (the same for every story scored). */
  private readonly articleNorm = [0, 0, 0];
  /** Feature id → its position among the article's features, valid where `articleStamp` is the decision's stamp. */
  private articleStamp = new Uint32Array(1024);
  private articlePosition = new Int32Array(1024);
  /** Per story scored: each article feature's term of the dot product, and whether the story holds it. */
  private contribution = new Float64Array(64);
  private matched = new Uint8Array(64);

  constructor(
    private readonly index: StoryIndex,
    private readonly options: Required<StoryModelOptions>,
  ) {}

  /** Starts a decision: the article's features with their tf-idf weights over `documents` articles seen. */
  begin(signature: Signature, documents: number): void {
    this.documents = documents;
    const stamp = this.nextStamp();
    const size = this.index.slots.length;
    if (size > this.partialScore.length) {
      const grown = Math.max(size, this.partialScore.length * 2);
      const score = new Float64Array(grown);
      score.set(this.partialScore);
      const stamps = new Uint32Array(grown);
      stamps.set(this.partialStamp);
      this.partialScore = score;
      this.partialStamp = stamps;
    }
    const { features } = this.index;
    if (features.size > this.articleStamp.length) {
      const grown = Math.max(features.size, this.articleStamp.length * 2);
      const stamps = new Uint32Array(grown);
      stamps.set(this.articleStamp);
      this.articleStamp = stamps;
      this.articlePosition = new Int32Array(grown);
    }
    const { articleNames: names, articleIds: ids, articleGroups: groups, articleWeights: weights, articleNorm, articleStamp, articlePosition } = this;
    names.length = ids.length = groups.length = weights.length = 0;
    articleNorm[ENTITIES] = articleNorm[TERMS] = articleNorm[CROSS_LINGUAL] = 0;
    for (const [f, w] of Object.entries(signature.features)) {
      const id = features.lookup(f);
      const g = groupOf(f);
      const weight = w * this.idf(id, stamp);
      if (id >= 0) {
        articleStamp[id] = stamp;
        articlePosition[id] = ids.length;
      }
      names.push(f);
      ids.push(id);
      groups.push(g);
      weights.push(weight);
      articleNorm[g] = (articleNorm[g] ?? 0) + weight * weight;
    }
    if (ids.length > this.contribution.length) {
      this.contribution = new Float64Array(ids.length * 2);
      this.matched = new Uint8Array(ids.length * 2);
    }
  }

  /**
   * The candidates of the decision: the open stories with the best partial scores over the postings
   * of the article's rarer features (and the story at `currentSlot` whatever its score). Returns how
   * many; `candidate(i)` gives each.
   */
  shortlist(currentSlot: number | undefined): number {
    this.accumulatePartials(this.stamp);
    if (currentSlot !== undefined) this.touch(currentSlot, this.stamp, Number.POSITIVE_INFINITY);
    return this.selectTop();
  }

  candidate(i: number): OpenStory | undefined {
    return this.index.slots[this.topSlots[i] ?? -1];
  }

  private nextStamp(): number {
    if (++this.stamp >= 0xffffffff) {
      this.stamp = 1;
      this.index.features.resetStamps();
      this.partialStamp.fill(0);
      this.articleStamp.fill(0);
    }
    return this.stamp;
  }

  private idf(id: number, stamp: number): number {
    return id < 0 ? Math.log(1 + (this.documents + 1)) : this.index.features.idf(id, this.documents, stamp);
  }

  private touch(slot: number, stamp: number, value: number): void {
    if (this.partialStamp[slot] !== stamp) {
      this.partialStamp[slot] = stamp;
      this.partialScore[slot] = value;
      this.touched.push(slot);
    } else this.partialScore[slot] = value;
  }

  /** Partial dot products over the postings of the article's rarer features. */
  private accumulatePartials(stamp: number): void {
    const { partialScore, partialStamp, touched } = this;
    touched.length = 0;
    const { maxPosting } = this.options;
    const { postings } = this.index.features;
    for (let i = 0; i < this.articleIds.length; i++) {
      const id = this.articleIds[i] ?? -1;
      const posting = id < 0 ? undefined : postings[id];
      if (!posting || posting.slots.length > maxPosting) continue;
      const factor = (this.articleWeights[i] ?? 0) * this.idf(id, stamp);
      const { slots, weights } = posting;
      for (let j = 0; j < slots.length; j++) {
        const slot = slots[j] ?? 0;
        const storyWeight = weights[j] ?? 0;
        if (partialStamp[slot] !== stamp) {
          partialStamp[slot] = stamp;
          partialScore[slot] = factor * storyWeight;
          touched.push(slot);
        } else partialScore[slot] = (partialScore[slot] ?? 0) + factor * storyWeight;
      }
    }
  }

  /** The touched stories with the best partial scores into `topSlots` (ties: the smaller story id), without sorting them all. */
  private selectTop(): number {
    const k = this.options.shortlist;
    const { topSlots: slots, topScores: scores, partialScore } = this;
    const stories = this.index.slots;
    const before = (value: number, slot: number, i: number): boolean => {
      const other = scores[i] ?? Number.NEGATIVE_INFINITY;
      return value > other || (value === other && (stories[slot]?.id ?? "") < (stories[slots[i] ?? -1]?.id ?? ""));
    };
    let count = 0;
    for (const slot of this.touched) {
      const value = partialScore[slot] ?? 0;
      if (count === k && !before(value, slot, k - 1)) continue;
      let i = count < k ? count++ : k - 1;
      while (i > 0 && before(value, slot, i - 1)) {
        scores[i] = scores[i - 1] ?? 0;
        slots[i] = slots[i - 1] ?? 0;
        i--;
      }
      scores[i] = value;
      slots[i] = slot;
    }
    return count;
  }

  /**
   * The exact score of the article against a story (without `without`'s contribution, if given),
   * in one pass over the story's centroid arrays: the story's norms, and the terms of the dot
   * products where the article has the feature, summed afterwards in the article's order (the
   * order, and so the rounding, of a sum over the article's features).
   */
  score(story: OpenStory, signature: Signature, without: Signature | undefined): Scored {
    const { stamp, articleStamp, articlePosition, articleNorm, contribution, matched } = this;
    const { features } = this.index;
    const { group, language: languageOf, names } = features;
    const { articleIds: ids, articleGroups: groups, articleWeights: weights } = this;
    const dot = [0, 0, 0];
    const storyNorm = [0, 0, 0];
    matched.fill(0, 0, ids.length);
    const language = features.languageId(signature.language);
    const { featureIds: storyIds, weights: storyWeights } = story;
    for (let j = 0; j < storyIds.length; j++) {
      const id = storyIds[j] ?? -1;
      if (id < 0) continue;
      const g = group[id] ?? CROSS_LINGUAL;
      const weight = (storyWeights[j] ?? 0) - (without?.features[names[id] ?? ""] ?? 0);
      const idf = this.idf(id, stamp);
      if (articleStamp[id] === stamp) {
        const i = articlePosition[id] ?? 0;
        contribution[i] = (weights[i] ?? 0) * weight * idf;
        matched[i] = 1;
      }
      if (g === TERMS && languageOf[id] !== language) continue;
      const w = weight * idf;
      storyNorm[g] = (storyNorm[g] ?? 0) + w * w;
    }
    for (let i = 0; i < ids.length; i++) {
      if (matched[i] === 0) continue;
      const g = groups[i] ?? CROSS_LINGUAL;
      dot[g] = (dot[g] ?? 0) + (contribution[i] ?? 0);
    }
    const cos = (g: Group) => {
      const a = articleNorm[g] ?? 0;
      const s = storyNorm[g] ?? 0;
      return a > 0 && s > 0 ? (dot[g] ?? 0) / Math.sqrt(a * s) : 0;
    };
    const { entities: we, terms: wt, crossLingual: wx } = this.options.weights;
    const sameLanguage = (storyNorm[TERMS] ?? 0) > 0 && (articleNorm[TERMS] ?? 0) > 0;
    const similarity = (we * cos(ENTITIES) + (sameLanguage ? wt * cos(TERMS) : 0) + wx * cos(CROSS_LINGUAL)) / (we + wx + (sameLanguage ? wt : 0));
    const hours = signature.publishedAt < story.first ? (story.first - signature.publishedAt) / HOUR : Math.max(0, (signature.publishedAt - story.last) / HOUR);
    const score = similarity * Math.exp(-hours / this.options.timeScaleHours);
    return {
      storyId: story.id,
      story,
      without,
      score: round(score),
      entities: round(cos(ENTITIES)),
      terms: round(cos(TERMS)),
      crossLingual: round(cos(CROSS_LINGUAL)),
      hours: round(hours),
    };
  }

  /** The explanation of a scored story: its similarities and the five features that weighed most. */
  explain(scored: Scored): StoryExplanation {
    const contributions: [string, number][] = [];
    for (let i = 0; i < this.articleIds.length; i++) {
      const id = this.articleIds[i] ?? -1;
      const sw = id < 0 ? undefined : this.index.weightOf(scored.story, id);
      const name = this.articleNames[i] ?? "";
      if (sw === undefined) continue;
      contributions.push([name, (this.articleWeights[i] ?? 0) * (sw - (scored.without?.features[name] ?? 0)) * this.idf(id, this.stamp)]);
    }
    const shared = contributions
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([f]) => f);
    const { score, entities, terms, crossLingual, hours } = scored;
    return { score, entities, terms, crossLingual, hours, shared };
  }
}
