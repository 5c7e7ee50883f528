import { FeatureTable } from "./feature-table.ts";

/** An open story as the index holds it. */
export interface OpenStory {
  id: string;
  /** Index in the index's slot array (the postings and a decision's scratch scores are keyed by it). */
  slot: number;
  first: number;
  last: number;
  /** Feature id → its entry in the centroid arrays below. */
  entries: Map<number, number>;
  /**
   * The centroid (the summed weights of the articles' features), in the order the features came
   * (the pruning keeps that order on ties), as parallel arrays that scoring reads without hashing:
   * feature id (-1: a removed entry, until the arrays are compacted), weight, and this story's
   * place in the feature's posting (which holds the weight too, for the partial scores).
   */
  featureIds: number[];
  weights: number[];
  places: number[];
  /** Removed entries still in the arrays. */
  holes: number;
  articles: Set<string>;
}

/** Holes a story's centroid arrays keep before they are compacted (and at most half of them). */
const MAX_HOLES = 16;

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
      entries: new Map(),
      featureIds: [],
      weights: [],
      places: [],
      holes: 0,
      articles: new Set(),
    };
    this.slots[slot] = story;
    this.stories.set(storyId, story);
    return story;
  }

  /** Takes the story out of the index (its articles are the caller's to forget). */
  close(story: OpenStory): void {
    const { featureIds, places } = story;
    for (let j = 0; j < featureIds.length; j++) {
      const id = featureIds[j] ?? -1;
      if (id >= 0) this.removeFromPosting(id, places[j] ?? 0);
    }
    story.entries.clear();
    featureIds.length = story.weights.length = places.length = story.holes = 0;
    this.stories.delete(story.id);
    this.slots[story.slot] = undefined;
    this.freeSlots.push(story.slot);
  }

  /** Features in the story's centroid. */
  sizeOf(story: OpenStory): number {
    return story.entries.size;
  }

  weightOf(story: OpenStory, id: number): number | undefined {
    const entry = story.entries.get(id);
    return entry === undefined ? undefined : story.weights[entry];
  }

  /** The story's centroid as (feature id, weight) pairs in its order. */
  entriesOf(story: OpenStory): [number, number][] {
    const pairs: [number, number][] = [];
    const { featureIds, weights } = story;
    for (let j = 0; j < featureIds.length; j++) {
      const id = featureIds[j] ?? -1;
      if (id >= 0) pairs.push([id, weights[j] ?? 0]);
    }
    return pairs;
  }

  /** The story's centroid as (feature name, weight) pairs in its order. */
  centroidOf(story: OpenStory): [string, number][] {
    const { names } = this.features;
    return this.entriesOf(story).map(([id, weight]): [string, number] => [names[id] ?? "", weight]);
  }

  /** Sets (0: removes) a feature's weight in a story, in its centroid and in the feature's posting. */
  setWeight(story: OpenStory, id: number, weight: number): void {
    const { postings } = this.features;
    const entry = story.entries.get(id);
    if (weight <= 0) {
      if (entry === undefined || !postings[id]) return;
      story.entries.delete(id);
      this.removeFromPosting(id, story.places[entry] ?? 0);
      story.featureIds[entry] = -1;
      story.weights[entry] = 0;
      if (++story.holes > MAX_HOLES && story.holes * 2 > story.featureIds.length) this.compact(story);
      return;
    }
    let posting = postings[id];
    if (!posting) postings[id] = posting = { slots: [], weights: [] };
    if (entry !== undefined) {
      story.weights[entry] = weight;
      posting.weights[story.places[entry] ?? 0] = weight;
    } else {
      story.entries.set(id, story.featureIds.length);
      story.featureIds.push(id);
      story.weights.push(weight);
      story.places.push(posting.slots.length);
      posting.slots.push(story.slot);
      posting.weights.push(weight);
    }
  }

  /** Removes the story at `at` from the feature's posting: the last story of the posting takes its place. */
  private removeFromPosting(id: number, at: number): void {
    const { postings } = this.features;
    const posting = postings[id];
    if (!posting) return;
    const last = posting.slots.length - 1;
    const movedSlot = posting.slots[last] ?? 0;
    const movedWeight = posting.weights[last] ?? 0;
    posting.slots.pop();
    posting.weights.pop();
    if (at < last) {
      posting.slots[at] = movedSlot;
      posting.weights[at] = movedWeight;
      const moved = this.slots[movedSlot];
      const entry = moved?.entries.get(id);
      if (moved && entry !== undefined) moved.places[entry] = at;
    }
    if (last === 0) {
      postings[id] = undefined;
      this.features.releaseIfUnused(id);
    }
  }

  /** Drops the removed entries from the story's centroid arrays, keeping the order of the others. */
  private compact(story: OpenStory): void {
    const { featureIds, weights, places, entries } = story;
    let kept = 0;
    for (let j = 0; j < featureIds.length; j++) {
      const id = featureIds[j] ?? -1;
      if (id < 0) continue;
      if (kept !== j) {
        featureIds[kept] = id;
        weights[kept] = weights[j] ?? 0;
        places[kept] = places[j] ?? 0;
        entries.set(id, kept);
      }
      kept++;
    }
    featureIds.length = weights.length = places.length = kept;
    story.holes = 0;
  }
}
