import { describe, expect, it } from "vitest";
import type { Signature } from "./signature.ts";
import { StoryModel } from "./story-model.ts";

const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 2, 1);
const sig = (language: string, hours: number, features: Record<string, number>): Signature => ({ language, publishedAt: t0 + hours * HOUR, features });

// Background articles so that rarity means something: common words in many stories.
function withBackground(model: StoryModel): void {
  for (let i = 0; i < 30; i++)
    model.start(`bg${i}`, `bg-a${i}`, sig("en", 0, { "t:en:government": 1, "t:en:said": 1, [`t:en:topic${i}`]: 2, [`e:Qbg${i}`]: 1 }));
}

const quakeEn = sig("en", 1, {
  "e:Q43": 1,
  "e:malatya": 1,
  "t:en:earthquake": 2,
  "t:en:malatya": 1,
  "t:en:government": 1,
  "x:c:earthquake": 2,
  "x:n:64": 1,
  "x:p:malatya": 1,
});
const quakeFr = sig("fr", 2, { "e:Q43": 1, "e:malatya": 1, "t:fr:seisme": 2, "t:fr:malatya": 1, "x:c:earthquake": 2, "x:n:64": 1, "x:p:malatya": 1 });
const election = sig("en", 2, { "e:Q28": 1, "t:en:election": 2, "t:en:budapest": 1, "x:c:election": 2, "t:en:government": 1 });

describe("StoryModel", () => {
  it("starts a story, then puts a French article on the same quake in it and an unrelated one apart", () => {
    const model = new StoryModel();
    withBackground(model);
    expect(model.decide("q1", quakeEn, "s-q1")).toMatchObject({ kind: "start", storyId: "s-q1" });
    model.start("s-q1", "q1", quakeEn);
    const fr = model.decide("q2", quakeFr, "s-q2");
    expect(fr).toMatchObject({ kind: "join", storyId: "s-q1" });
    if (fr.kind !== "join") return;
    // Explained: no shared words (two languages), entities and cross-lingual keys carry it.
    expect(fr.explanation.terms).toBe(0);
    expect(fr.explanation.entities).toBeGreaterThan(0.5);
    expect(fr.explanation.shared).toContain("e:malatya");
    expect(model.decide("e1", election, "s-e1").kind).toBe("start");
  });

  it("does not join a story whose last article is weeks older (time proximity and window)", () => {
    const model = new StoryModel();
    withBackground(model);
    model.start("s-q1", "q1", quakeEn);
    const month = { ...quakeFr, publishedAt: quakeEn.publishedAt + 30 * 24 * HOUR };
    expect(model.decide("q9", month, "s-q9").kind).toBe("start");
  });

  it("forgets stories past the window: memory stays bounded", () => {
    const model = new StoryModel({ windowHours: 24 });
    for (let i = 0; i < 3000; i++) model.start(`s${i}`, `a${i}`, sig("en", i, { [`e:Q${i}`]: 1 }));
    model.sweep();
    expect(model.openStories).toBeLessThanOrEqual(26);
    expect(model.storyOf("a0")).toBeUndefined();
    expect(model.storyOf("a2999")).toBe("s2999");
  });

  it("merges two open stories that one article matches strongly, and keeps the articles of both", () => {
    const model = new StoryModel({ mergeThreshold: 0.4 });
    withBackground(model);
    model.start("A", "a1", sig("en", 1, { "e:X": 1, "e:Y": 1, "t:en:summit": 1 }));
    model.start("B", "b1", sig("en", 1, { "e:X": 1, "e:Y": 1, "t:en:talks": 1 }));
    const bridge = sig("en", 2, { "e:X": 1, "e:Y": 1, "t:en:summit": 1, "t:en:talks": 1 });
    const decision = model.decide("c1", bridge, "C");
    expect(decision.kind).toBe("join");
    if (decision.kind !== "join") return;
    expect(decision.merges).toHaveLength(1);
    model.join(decision.storyId, "c1", bridge);
    for (const m of decision.merges) model.merge(decision.storyId, m.storyId);
    expect(new Set([model.storyOf("a1"), model.storyOf("b1"), model.storyOf("c1")]).size).toBe(1);
  });

  it("a live-blog revision stays in its story unless another fits clearly better, then moves", () => {
    const model = new StoryModel();
    withBackground(model);
    model.start("Q", "q1", quakeEn);
    model.join("Q", "live", quakeFr);
    model.start("E", "e1", election);
    model.join("E", "e2", { ...election, publishedAt: election.publishedAt + HOUR });
    const stay = model.decide("live", { ...quakeFr, publishedAt: quakeFr.publishedAt + HOUR }, "new");
    expect(stay).toMatchObject({ kind: "join", storyId: "Q", previousStoryId: "Q" });
    const moved = model.decide("live", sig("en", 4, { "e:Q28": 1, "t:en:election": 2, "t:en:budapest": 1, "x:c:election": 2 }), "new");
    expect(moved).toMatchObject({ kind: "join", storyId: "E", previousStoryId: "Q" });
  });

  it("finds through its inverted index the story an exhaustive scan finds", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const indexed = new StoryModel();
    const scan = new StoryModel({ exhaustive: true });
    for (let i = 0; i < 400; i++) {
      const event = Math.floor(random() * 60);
      const features: Record<string, number> = {
        [`e:ev${event}`]: 1,
        [`t:en:w${event}`]: 1,
        [`t:en:c${Math.floor(random() * 30)}`]: 1,
        [`x:c:${Math.floor(random() * 10)}`]: 1,
      };
      const s = sig("en", i / 10, features);
      const a = indexed.decide(`a${i}`, s, `s${i}`);
      const b = scan.decide(`a${i}`, s, `s${i}`);
      expect(a.storyId).toBe(b.storyId);
      for (const model of [indexed, scan]) {
        if (a.kind === "start") model.start(a.storyId, `a${i}`, s);
        else model.join(a.storyId, `a${i}`, s);
      }
    }
  });

  it("a model restored from its snapshot decides as the model that took it (merges, revisions and sweeps included)", () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const article = (i: number): Signature => {
      const event = Math.floor(random() * 40);
      return sig(random() < 0.5 ? "en" : "fr", i / 4, {
        [`e:ev${event}`]: 1 + Math.floor(random() * 3),
        [`e:ev${(event + 1) % 40}`]: 1,
        [`t:en:w${event}`]: 1,
        [`t:fr:m${event}`]: 1,
        [`t:en:c${Math.floor(random() * 30)}`]: 1,
        [`x:c:${Math.floor(random() * 10)}`]: 1,
      });
    };
    const options = { windowHours: 20, maxStoryFeatures: 5, maxVocabulary: 60, mergeThreshold: 0.3 };
    const apply = (model: StoryModel, id: string, s: Signature) => {
      const d = model.decide(id, s, `s-${id}`);
      if (d.kind === "start") model.start(d.storyId, id, s);
      else {
        model.join(d.storyId, id, s);
        for (const m of d.merges) model.merge(d.storyId, m.storyId);
      }
      return d;
    };
    const live = new StoryModel(options);
    const inputs = Array.from({ length: 1500 }, (_, i) => ({ id: random() < 0.1 && i > 10 ? `a${Math.floor(i / 2)}` : `a${i}`, s: article(i) }));
    for (const { id, s } of inputs.slice(0, 1100)) apply(live, id, s);
    const snapshot = live.snapshot();
    const restored = StoryModel.restore(JSON.parse(JSON.stringify(snapshot)), options);
    expect(restored.snapshot()).toEqual(snapshot);
    expect(restored.openStories).toBe(live.openStories);
    let merges = 0;
    for (const { id, s } of inputs.slice(1100)) {
      const expected = apply(live, id, s);
      expect(apply(restored, id, s)).toEqual(expected);
      if (expected.kind === "join") merges += expected.merges.length;
    }
    expect(merges).toBeGreaterThan(0);
    expect(restored.snapshot()).toEqual(live.snapshot());
  });
});
