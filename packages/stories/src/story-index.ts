import { FeatureTable } from "./feature-table.ts";

/** An open story as the index holds it. */
export interface OpenStory {
  id: string;
  /** Index in the index's slot array (the postings and a decision's scratch scores are keyed by it). */
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

/**
 * The open stories and the inverted index over them: feature → the stories holding it (a
 * posting), each with the feature's summed weight there. A story knows its place in each posting,
 * and removal swaps the last story of the posting into the hole.
 */
export class StoryIndex {
  readonly features = new FeatureTable();
  readonly stories = new Map<string, OpenStory>();
  /** Open stories by slot; a closed story's slot is reused. */
  readonly slots: (OpenStory | undefined)[] = [];
  private readonly freeSlots: number[] = [];

  open(storyId: string, at: number): OpenStory {
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
    this.stories.set(storyId, story);
    return story;
  }

  /** Takes the story out of the index (its articles are the caller's to forget). */
  close(story: OpenStory): void {
    for (const id of [...story.centroid.keys()]) this.setWeight(story, id, 0);
    this.stories.delete(story.id);
    this.slots[story.slot] = undefined;
    this.freeSlots.push(story.slot);
  }

  weightOf(story: OpenStory, id: number): number | undefined {
    const at = story.centroid.get(id);
    return at === undefined ? undefined : this.features.postings[id]?.weights[at];
  }

  /** The story's centroid as arrays, rebuilt if it changed since the last call. */
  vector(story: OpenStory): OpenStory {
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

  /** The story's centroid as (feature name, weight) pairs in its order. */
  centroidOf(story: OpenStory): [string, number][] {
    const { names, postings } = this.features;
    return [...story.centroid].map(([id, at]): [string, number] => [names[id] ?? "", postings[id]?.weights[at] ?? 0]);
  }

  /** Sets (0: removes) a feature's weight in a story, in its centroid and in the feature's posting. */
  setWeight(story: OpenStory, id: number, weight: number): void {
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
}
