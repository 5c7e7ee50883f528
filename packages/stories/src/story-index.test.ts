import { describe, expect, it } from "vitest";
import { type OpenStory, StoryIndex } from "./story-index.ts";

describe("StoryIndex", () => {
  it("keeps each centroid in insertion order and every posting pointing back at its stories, through removals, compactions and closes", () => {
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const index = new StoryIndex();
    // The reference: a Map per story keeps insertion order, and a removed key comes back last.
    const reference = new Map<string, Map<string, number>>();
    const open = new Map<string, OpenStory>();
    let compacted = 0;
    for (let step = 0; step < 4000; step++) {
      if (open.size < 8 || random() < 0.01) {
        const id = `s${step}`;
        open.set(id, index.open(id, step));
        reference.set(id, new Map());
        continue;
      }
      const ids = [...open.keys()];
      const storyId = ids[Math.floor(random() * ids.length)] ?? "";
      const story = open.get(storyId);
      const expected = reference.get(storyId);
      if (!story || !expected) continue;
      if (random() < 0.005) {
        index.close(story);
        open.delete(storyId);
        reference.delete(storyId);
        continue;
      }
      const name = `t:en:w${Math.floor(random() * 40)}`;
      const weight = random() < 0.45 ? 0 : 1 + Math.floor(random() * 5);
      const holesBefore = story.holes;
      index.setWeight(story, index.features.intern(name), weight);
      if (holesBefore > 0 && story.holes === 0 && story.featureIds.length === story.entries.size) compacted++;
      if (weight === 0) expected.delete(name);
      else expected.set(name, weight);
    }
    expect(compacted).toBeGreaterThan(0);
    const { postings, names } = index.features;
    for (const [storyId, story] of open) {
      expect(index.centroidOf(story)).toEqual([...(reference.get(storyId) ?? [])]);
      for (const [id, entry] of story.entries) {
        const posting = postings[id];
        const place = story.places[entry] ?? -1;
        expect(posting?.slots[place]).toBe(story.slot);
        expect(posting?.weights[place]).toBe(index.weightOf(story, id));
      }
    }
    // Every posting holds exactly the open stories that have the feature.
    for (let id = 0; id < postings.length; id++) {
      const holders = [...open.values()].filter((s) => s.entries.has(id)).map((s) => s.slot);
      expect(
        [...(postings[id]?.slots ?? [])].sort((a, b) => a - b),
        names[id],
      ).toEqual(holders.sort((a, b) => a - b));
    }
  });
});
