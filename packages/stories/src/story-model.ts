import type { Signature } from "./signature.ts";
import type { StoryDecision } from "./story-decision.ts";
import { type OpenStory, StoryIndex } from "./story-index.ts";
import { resolveStoryModelOptions, type StoryModelOptions } from "./story-model-options.ts";
import { StoryScorer, type Scored } from "./story-scorer.ts";
import { type Members, restoreSnapshot, type StoryModelSnapshot, takeSnapshot } from "./story-snapshot.ts";

export type { StoryDecision, StoryExplanation } from "./story-decision.ts";
export type { StoryModelOptions } from "./story-model-options.ts";
export type { StoryModelSnapshot } from "./story-snapshot.ts";

const HOUR = 3_600_000;

/**
 * Online story assignment over a window of open stories, in memory. Candidates come from an
 * inverted index (feature → open stories holding it, `StoryIndex`), so a decision costs the
 * postings of the article's rarer features and not a scan of every open story (`StoryScorer`).
 * `decide` reads; `start`, `join` and `merge` change the state, and replaying the events'
 * decisions in order rebuilds it. Nothing is cached across decisions, so a decision stays a
 * function of the events before it.
 */
export class StoryModel {
  private readonly options: Required<StoryModelOptions>;
  private readonly index = new StoryIndex();
  private readonly scorer: StoryScorer;
  private readonly members: Members = new Map();
  private documents = 0;
  private now = 0;
  private sinceSweep = 0;

  constructor(options: StoryModelOptions = {}) {
    this.options = resolveStoryModelOptions(options);
    this.scorer = new StoryScorer(this.index, this.options);
  }

  get openStories(): number {
    return this.index.stories.size;
  }

  storyOf(articleId: string): string | undefined {
    return this.members.get(articleId)?.storyId;
  }

  /** Where this article belongs. `newStoryId` names the story it would start. */
  decide(articleId: string, signature: Signature, newStoryId: string): StoryDecision {
    const current = this.members.get(articleId);
    const { scorer } = this;
    scorer.begin(signature, this.documents);
    const scored: Scored[] = [];
    const consider = (story: OpenStory) => {
      const without = current?.storyId === story.id ? current.signature : undefined;
      if (without && story.articles.size === 1) return;
      scored.push(scorer.score(story, signature, without));
    };
    if (this.options.exhaustive) for (const story of this.index.stories.values()) consider(story);
    else {
      const count = scorer.shortlist(current ? this.index.stories.get(current.storyId)?.slot : undefined);
      for (let i = 0; i < count; i++) {
        const story = scorer.candidate(i);
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
      if (moveTo) return { kind: "join", storyId: moveTo.storyId, explanation: scorer.explain(moveTo), previousStoryId: current.storyId, merges: [] };
      const stay = own ? scorer.explain(own) : { score: 1, entities: 1, terms: 1, crossLingual: 1, hours: 0, shared: [] };
      return { kind: "join", storyId: current.storyId, explanation: stay, previousStoryId: current.storyId, merges: [] };
    }
    if (!best || best.score < this.options.threshold)
      return { kind: "start", storyId: newStoryId, ...(best ? { nearest: { storyId: best.storyId, ...scorer.explain(best) } } : {}) };
    const merges = scored
      .slice(1)
      .filter((s) => s.score >= this.options.mergeThreshold && best.score >= this.options.mergeThreshold)
      .map((s) => ({ storyId: s.storyId, score: s.score }));
    return { kind: "join", storyId: best.storyId, explanation: scorer.explain(best), merges };
  }

  /** The article starts a story. */
  start(storyId: string, articleId: string, signature: Signature): void {
    this.detach(articleId);
    const existing = this.index.stories.get(storyId);
    if (existing) this.close(existing);
    this.attach(this.index.open(storyId, signature.publishedAt), articleId, signature);
  }

  /** The article joins (or, a revision, moves to or stays in) a story. An unknown (closed) story is reopened. */
  join(storyId: string, articleId: string, signature: Signature): void {
    this.detach(articleId);
    this.attach(this.index.stories.get(storyId) ?? this.index.open(storyId, signature.publishedAt), articleId, signature);
  }

  /** `from`'s articles move to `into`, and `from` is gone. */
  merge(intoId: string, fromId: string): void {
    const from = this.index.stories.get(fromId);
    const into = this.index.stories.get(intoId);
    if (!from || !into || from === into) return;
    for (const articleId of [...from.articles]) {
      const member = this.members.get(articleId);
      if (member) this.join(intoId, articleId, member.signature);
    }
    this.close(from);
  }

  private attach(story: OpenStory, articleId: string, signature: Signature): void {
    const { index } = this;
    const { features } = index;
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
      index.setWeight(story, id, (index.weightOf(story, id) ?? 0) + w);
    }
    const size = index.sizeOf(story);
    if (size > this.options.maxStoryFeatures) {
      const lightest = index
        .entriesOf(story)
        .sort((a, b) => a[1] - b[1])
        .slice(0, size - this.options.maxStoryFeatures);
      for (const [id] of lightest) index.setWeight(story, id, 0);
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
    const story = this.index.stories.get(member.storyId);
    if (!story) return;
    story.articles.delete(articleId);
    for (const [f, w] of Object.entries(member.signature.features)) {
      const id = this.index.features.lookup(f);
      if (id < 0) continue;
      const left = (this.index.weightOf(story, id) ?? 0) - w;
      this.index.setWeight(story, id, left > 1e-6 ? left : 0);
    }
  }

  private close(story: OpenStory): void {
    this.index.close(story);
    for (const articleId of story.articles) this.members.delete(articleId);
  }

  /** Closes the stories whose latest article is older than the window (bounded memory). */
  sweep(): void {
    this.sinceSweep = 0;
    const horizon = this.now - this.options.windowHours * HOUR;
    for (const story of [...this.index.stories.values()]) if (story.last < horizon) this.close(story);
  }

  private halveCounts(): void {
    const { features } = this.index;
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
    return takeSnapshot(this.index, this.members, { documents: this.documents, now: this.now, sinceSweep: this.sinceSweep });
  }

  /** A model in the state of `snapshot`: it decides as the model that took it. */
  static restore(snapshot: StoryModelSnapshot, options: StoryModelOptions = {}): StoryModel {
    const model = new StoryModel(options);
    const clock = restoreSnapshot(snapshot, model.index, model.members);
    model.documents = clock.documents;
    model.now = clock.now;
    model.sinceSweep = clock.sinceSweep;
    return model;
  }
}
