import type { Signature } from "./signature.ts";
import type { StoryIndex } from "./story-index.ts";

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

/** The counters of the model that a snapshot carries besides the index and the members. */
export interface StoryModelClock {
  documents: number;
  now: number;
  sinceSweep: number;
}

/** Where each article is and the signature it came with. */
export type Members = Map<string, { storyId: string; signature: Signature }>;

export function takeSnapshot(index: StoryIndex, members: Members, clock: StoryModelClock): StoryModelSnapshot {
  const { features } = index;
  const df: [string, number][] = [];
  for (let id = 0; id < features.size; id++) if ((features.df[id] ?? 0) > 0) df.push([features.names[id] ?? "", features.df[id] ?? 0]);
  // By name: the ids (and so their order) depend on which were freed when; the counts do not.
  df.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const stories = [...index.stories.values()].map((story) => ({
    id: story.id,
    first: story.first,
    last: story.last,
    centroid: index.centroidOf(story),
    articles: [...story.articles].flatMap((articleId) => {
      const member = members.get(articleId);
      return member ? [{ articleId, signature: member.signature }] : [];
    }),
  }));
  return { version: 1, documents: clock.documents, now: clock.now, sinceSweep: clock.sinceSweep, df, stories };
}

/** Fills an empty index and member map with the snapshot's state; returns its clock. */
export function restoreSnapshot(snapshot: StoryModelSnapshot, index: StoryIndex, members: Members): StoryModelClock {
  const { features } = index;
  for (const [name, n] of snapshot.df) {
    const id = features.intern(name);
    features.df[id] = n;
    features.vocabulary++;
  }
  for (const saved of snapshot.stories) {
    const story = index.open(saved.id, saved.first);
    story.last = saved.last;
    for (const [name, w] of saved.centroid) index.setWeight(story, features.intern(name), w);
    for (const { articleId, signature } of saved.articles) {
      story.articles.add(articleId);
      members.set(articleId, { storyId: story.id, signature });
    }
  }
  return { documents: snapshot.documents, now: snapshot.now, sinceSweep: snapshot.sinceSweep };
}
