import { CROSS_LINGUAL, ENTITIES, FeatureTable, type Group, groupOf, TERMS } from "./feature-table.ts";
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
  /** Index in the model's story array (the inverted index and the scratch scores are keyed by it). */
  slot: number;
  first: number;
  last: number;
  /**
   * Feature id → this story's place in the feature's posting, which holds the summed weight; in
   * the order the features came (the pruning keeps that order on ties).
   */
  centroid: Map<number, number>;
  articles: Set<string>;
  /** The centroid as arrays (feature ids, weights) in its order, rebuilt after a change: what scoring reads. */
  vectorIds: number[];
  vectorWeights: number[];
  changed: boolean;
}

interface Scored {
  storyId: string;
  story: OpenStory;
  without: Signature | undefined;
  score: number;
  entities: number;
  terms: number;
  crossLingual: number;
  hours: number;
}

/** A snapshot of the model's state: restoring it gives the same decisions as refolding every event before it. */
export interface StoryModelSnapshot {
  version: 1;
  documents: number;
  now: number;
  sinceSweep: number;
  /** Document frequency of each feature counted for rarity. */
  df: [string, number][];
  /** Open stories in the model's order, each centroid in its order, each article with its signature. */
  stories: { id: string; first: number; last: number; centroid: [string, number][]; articles: { articleId: string; signature: Signature }[] }[];
}

const HOUR = 3_600_000;

/**
 * Online story assignment over a window of open stories, in memory. Candidates come from an
 * inverted index (feature → open stories holding it), so a decision costs the postings of the
 * article's rarer features and not a scan of every open story. `decide` reads; `start`, `join`
 * and `merge` change the state, and replaying the events' decisions in order rebuilds it.
 * Features are interned as integers and a decision's scratch state lives in reused typed arrays:
 * nothing is cached across decisions, so a decision stays a function of the events before it.
 */
export class StoryModel {
  private readonly options: Required<StoryModelOptions>;
  private readonly stories = new Map<string, OpenStory>();
  private readonly slots: (OpenStory | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly features = new FeatureTable();
  private readonly members = new Map<string, { storyId: string; signature: Signature }>();
  private documents = 0;
  private now = 0;
  private sinceSweep = 0;
  // Scratch of one decision, reused.
  private stamp = 0;
  private partialScore = new Float64Array(1024);
  private partialStamp = new Uint32Array(1024);
  private readonly touched: number[] = [];
  private readonly topSlots: number[] = [];
  private readonly topScores: number[] = [];
  private readonly articleNames: string[] = [];
  private readonly articleIds: number[] = [];
  private readonly articleGroups: number[] = [];
  private readonly articleWeights: number[] = [];

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

  /** Where this article belongs. `newStoryId` names the story it would start. */
  decide(articleId: string, signature: Signature, newStoryId: string): StoryDecision {
    const current = this.members.get(articleId);
    const stamp = this.nextStamp();
    const { features, articleNames: names, articleIds: ids, articleGroups: groups, articleWeights: weights } = this;
    names.length = ids.length = groups.length = weights.length = 0;
    for (const [f, w] of Object.entries(signature.features)) {
      const id = features.lookup(f);
      names.push(f);
      ids.push(id);
      groups.push(groupOf(f));
      weights.push(w * this.idf(id, stamp));
    }
    const scored: Scored[] = [];
    const consider = (story: OpenStory) => {
      const without = current?.storyId === story.id ? current.signature : undefined;
      if (without && story.articles.size === 1) return;
      scored.push(this.score(story, signature, without, stamp));
    };
    if (this.options.exhaustive) for (const story of this.stories.values()) consider(story);
    else {
      this.accumulatePartials(stamp);
      const currentSlot = current ? this.stories.get(current.storyId)?.slot : undefined;
      if (currentSlot !== undefined) this.touch(currentSlot, stamp, Number.POSITIVE_INFINITY);
      const count = this.shortlist();
      for (let i = 0; i < count; i++) {
        const story = this.slots[this.topSlots[i] ?? -1];
        if (story) consider(story);
      }
    }
    scored.sort((a, b) => b.score - a.score || (a.storyId < b.storyId ? -1 : 1));
    const best = scored[0];
    const own = current ? scored.find((s) => s.storyId === current.storyId) : undefined;
    if (current) {
      const moveTo =
        best && best.storyId !== current.storyId && best.score >= this.options.threshold && best.score > (own?.score ?? 0) + this.options.moveMargin
          ? best
          : undefined;
      if (moveTo) return { kind: "join", storyId: moveTo.storyId, explanation: this.explain(moveTo), previousStoryId: current.storyId, merges: [] };
      const stay = own ? this.explain(own) : { score: 1, entities: 1, terms: 1, crossLingual: 1, hours: 0, shared: [] };
      return { kind: "join", storyId: current.storyId, explanation: stay, previousStoryId: current.storyId, merges: [] };
    }
    if (!best || best.score < this.options.threshold)
      return { kind: "start", storyId: newStoryId, ...(best ? { nearest: { storyId: best.storyId, ...this.explain(best) } } : {}) };
    const merges = scored
      .slice(1)
      .filter((s) => s.score >= this.options.mergeThreshold && best.score >= this.options.mergeThreshold)
      .map((s) => ({ storyId: s.storyId, score: s.score }));
    return { kind: "join", storyId: best.storyId, explanation: this.explain(best), merges };
  }

  private nextStamp(): number {
    if (++this.stamp >= 0xffffffff) {
      this.stamp = 1;
      this.features.resetStamps();
      this.partialStamp.fill(0);
    }
    return this.stamp;
  }

  private idf(id: number, stamp: number): number {
    return id < 0 ? Math.log(1 + (this.documents + 1)) : this.features.idf(id, this.documents, stamp);
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
    for (let i = 0; i < this.articleIds.length; i++) {
      const id = this.articleIds[i] ?? -1;
      const posting = id < 0 ? undefined : this.features.postings[id];
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
  private shortlist(): number {
    const k = this.options.shortlist;
    const { topSlots: slots, topScores: scores, partialScore } = this;
    const before = (value: number, slot: number, i: number): boolean => {
      const other = scores[i] ?? Number.NEGATIVE_INFINITY;
      return value > other || (value === other && (this.slots[slot]?.id ?? "") < (this.slots[slots[i] ?? -1]?.id ?? ""));
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

  private score(story: OpenStory, signature: Signature, without: Signature | undefined, stamp: number): Scored {
    const { features, articleIds: ids, articleGroups: groups, articleWeights: weights, articleNames: names } = this;
    const dot = [0, 0, 0];
    const articleNorm = [0, 0, 0];
    const storyNorm = [0, 0, 0];
    for (let i = 0; i < ids.length; i++) {
      const g = groups[i] ?? CROSS_LINGUAL;
      const aw = weights[i] ?? 0;
      articleNorm[g] = (articleNorm[g] ?? 0) + aw * aw;
      const id = ids[i] ?? -1;
      const sw = id < 0 ? undefined : this.weightOf(story, id);
      if (sw === undefined) continue;
      dot[g] = (dot[g] ?? 0) + aw * (sw - (without?.features[names[i] ?? ""] ?? 0)) * this.idf(id, stamp);
    }
    const language = features.languageId(signature.language);
    const { vectorIds: storyIds, vectorWeights: storyWeights } = this.vector(story);
    for (let j = 0; j < storyIds.length; j++) {
      const id = storyIds[j] ?? 0;
      const g = features.group[id] ?? CROSS_LINGUAL;
      if (g === TERMS && features.language[id] !== language) continue;
      const w = ((storyWeights[j] ?? 0) - (without?.features[features.names[id] ?? ""] ?? 0)) * this.idf(id, stamp);
      storyNorm[g] = (storyNorm[g] ?? 0) + w * w;
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
  private explain(scored: Scored): StoryExplanation {
    const contributions: [string, number][] = [];
    for (let i = 0; i < this.articleIds.length; i++) {
      const id = this.articleIds[i] ?? -1;
      const sw = id < 0 ? undefined : this.weightOf(scored.story, id);
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

  /** The article starts a story. */
  start(storyId: string, articleId: string, signature: Signature): void {
    this.detach(articleId);
    const existing = this.stories.get(storyId);
    if (existing) this.close(existing);
    this.attach(this.open(storyId, signature.publishedAt), articleId, signature);
  }

  /** The article joins (or, a revision, moves to or stays in) a story. An unknown (closed) story is reopened. */
  join(storyId: string, articleId: string, signature: Signature): void {
    this.detach(articleId);
    this.attach(this.stories.get(storyId) ?? this.open(storyId, signature.publishedAt), articleId, signature);
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

  private open(storyId: string, at: number): OpenStory {
    const slot = this.freeSlots.pop() ?? this.slots.length;
    const story: OpenStory = {
      id: storyId,
      slot,
      first: at,
      last: at,
      centroid: new Map(),
      articles: new Set(),
      vectorIds: [],
      vectorWeights: [],
      changed: false,
    };
    this.slots[slot] = story;
    if (slot >= this.partialScore.length) {
      const size = Math.max(slot + 1, this.partialScore.length * 2);
      const score = new Float64Array(size);
      score.set(this.partialScore);
      const stamp = new Uint32Array(size);
      stamp.set(this.partialStamp);
      this.partialScore = score;
      this.partialStamp = stamp;
    }
    this.stories.set(storyId, story);
    return story;
  }

  private attach(story: OpenStory, articleId: string, signature: Signature): void {
    const { features } = this;
    this.documents++;
    // By name, not in the signature's key order: a signature read back from the log (jsonb orders
    // keys its own way) must build the same centroid as the one the stage has just computed.
    const entries = Object.entries(signature.features).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [f] of entries) {
      const id = features.intern(f);
      if (features.df[id] === 0) features.vocabulary++;
      features.df[id] = (features.df[id] ?? 0) + 1;
    }
    if (features.vocabulary > this.options.maxVocabulary) this.halveCounts();
    for (const [f, w] of entries) {
      const id = features.intern(f);
      this.setWeight(story, id, (this.weightOf(story, id) ?? 0) + w);
    }
    if (story.centroid.size > this.options.maxStoryFeatures) {
      const { vectorIds, vectorWeights } = this.vector(story);
      const lightest = vectorIds
        .map((id, j): [number, number] => [id, vectorWeights[j] ?? 0])
        .sort((a, b) => a[1] - b[1])
        .slice(0, story.centroid.size - this.options.maxStoryFeatures);
      for (const [id] of lightest) this.setWeight(story, id, 0);
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
      const id = this.features.lookup(f);
      if (id < 0) continue;
      const left = (this.weightOf(story, id) ?? 0) - w;
      this.setWeight(story, id, left > 1e-6 ? left : 0);
    }
  }

  private weightOf(story: OpenStory, id: number): number | undefined {
    const at = story.centroid.get(id);
    return at === undefined ? undefined : this.features.postings[id]?.weights[at];
  }

  /** The story's centroid as arrays, rebuilt if it changed since the last call. */
  private vector(story: OpenStory): OpenStory {
    if (!story.changed) return story;
    const { vectorIds: ids, vectorWeights: weights } = story;
    ids.length = weights.length = 0;
    for (const [id, at] of story.centroid) {
      ids.push(id);
      weights.push(this.features.postings[id]?.weights[at] ?? 0);
    }
    story.changed = false;
    return story;
  }

  /** Sets (0: removes) a feature's weight in a story, in its centroid and in the feature's posting. */
  private setWeight(story: OpenStory, id: number, weight: number): void {
    const { postings } = this.features;
    const at = story.centroid.get(id);
    story.changed = true;
    if (weight <= 0) {
      const posting = postings[id];
      if (at === undefined || !posting) return;
      story.centroid.delete(id);
      // Swap-remove: the last story of the posting takes this place.
      const last = posting.slots.length - 1;
      const movedSlot = posting.slots[last] ?? 0;
      const movedWeight = posting.weights[last] ?? 0;
      posting.slots.pop();
      posting.weights.pop();
      if (at < last) {
        posting.slots[at] = movedSlot;
        posting.weights[at] = movedWeight;
        this.slots[movedSlot]?.centroid.set(id, at);
      }
      if (last === 0) {
        postings[id] = undefined;
        this.features.releaseIfUnused(id);
      }
      return;
    }
    let posting = postings[id];
    if (!posting) postings[id] = posting = { slots: [], weights: [] };
    if (at !== undefined) posting.weights[at] = weight;
    else {
      story.centroid.set(id, posting.slots.length);
      posting.slots.push(story.slot);
      posting.weights.push(weight);
    }
  }

  private close(story: OpenStory): void {
    for (const id of [...story.centroid.keys()]) this.setWeight(story, id, 0);
    for (const articleId of story.articles) this.members.delete(articleId);
    this.stories.delete(story.id);
    this.slots[story.slot] = undefined;
    this.freeSlots.push(story.slot);
  }

  /** Closes the stories whose latest article is older than the window (bounded memory). */
  sweep(): void {
    this.sinceSweep = 0;
    const horizon = this.now - this.options.windowHours * HOUR;
    for (const story of [...this.stories.values()]) if (story.last < horizon) this.close(story);
  }

  private halveCounts(): void {
    const { features } = this;
    for (let id = 0; id < features.size; id++) {
      const n = features.df[id] ?? 0;
      if (n === 0) continue;
      if (n <= 1) {
        features.df[id] = 0;
        features.vocabulary--;
        features.releaseIfUnused(id);
      } else features.df[id] = Math.floor(n / 2);
    }
    this.documents = Math.floor(this.documents / 2);
  }

  /** The model's state, to be restored by `StoryModel.restore` (see docs/stories.md, "Snapshot"). */
  snapshot(): StoryModelSnapshot {
    const { features } = this;
    const df: [string, number][] = [];
    for (let id = 0; id < features.size; id++) if ((features.df[id] ?? 0) > 0) df.push([features.names[id] ?? "", features.df[id] ?? 0]);
    // By name: the ids (and so their order) depend on which were freed when; the counts do not.
    df.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const stories = [...this.stories.values()].map((story) => ({
      id: story.id,
      first: story.first,
      last: story.last,
      centroid: [...story.centroid].map(([id, at]): [string, number] => [features.names[id] ?? "", features.postings[id]?.weights[at] ?? 0]),
      articles: [...story.articles].flatMap((articleId) => {
        const member = this.members.get(articleId);
        return member ? [{ articleId, signature: member.signature }] : [];
      }),
    }));
    return { version: 1, documents: this.documents, now: this.now, sinceSweep: this.sinceSweep, df, stories };
  }

  /** A model in the state of `snapshot`: it decides as the model that took it. */
  static restore(snapshot: StoryModelSnapshot, options: StoryModelOptions = {}): StoryModel {
    const model = new StoryModel(options);
    const { features } = model;
    for (const [name, n] of snapshot.df) {
      const id = features.intern(name);
      features.df[id] = n;
      features.vocabulary++;
    }
    for (const saved of snapshot.stories) {
      const story = model.open(saved.id, saved.first);
      story.last = saved.last;
      for (const [name, w] of saved.centroid) model.setWeight(story, features.intern(name), w);
      for (const { articleId, signature } of saved.articles) {
        story.articles.add(articleId);
        model.members.set(articleId, { storyId: story.id, signature });
      }
    }
    model.documents = snapshot.documents;
    model.now = snapshot.now;
    model.sinceSweep = snapshot.sinceSweep;
    return model;
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
