import { createHash } from "node:crypto";
import { createStoreHarness, type StoreHarness } from "@vigie/event-store/testing";
import type { StageContext } from "@vigie/queue";
import { articleSignature, loadBilingualLexicon, type StoryDecision } from "@vigie/stories";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignStory } from "./assign-story.ts";
import { appendTaggedArticle } from "../test/tagged-article.ts";
import { StoryAssigner } from "./story-assigner.ts";
import { readStorySnapshot } from "./story-snapshot-store.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const lexicon = loadBilingualLexicon();
const logged: { obj: unknown; msg: string }[] = [];
const ctx = { log: { info: (obj: unknown, msg: string) => logged.push({ obj, msg }) } } as unknown as StageContext;

let harness: StoreHarness;
beforeAll(async () => {
  harness = await createStoreHarness({ max: 4 });
});
afterAll(async () => harness?.close());

// Three events (a quake, a strike, an election), each reported several times in French and English.
const topics = [
  { entities: ["Q43", "geonames:304922"], en: "Earthquake shakes Malatya in Turkey", fr: "Un séisme frappe Malatya en Turquie" },
  { entities: ["Q142", "Q90"], en: "Rail strike halts trains in Paris", fr: "La grève paralyse les trains à Paris" },
  { entities: ["Q28", "Q1781"], en: "Hungarians vote in Budapest election", fr: "Les Hongrois votent à Budapest" },
];
const article = (i: number) => {
  const topic = topics[i % topics.length] ?? topics[0];
  const language = i % 2 === 0 ? "en" : "fr";
  return {
    url: `https://outlet${i}.example/story-${i}`,
    language,
    title: `${language === "en" ? topic?.en : topic?.fr} (${i})`,
    lead: `Report ${i}.`,
    hours: i,
    entities: topic?.entities ?? [],
  };
};
type Article = ReturnType<typeof article>;

const tagged = (a: Article) => appendTaggedArticle(harness.store, a);

/** The decisions a model makes on articles it has not seen, applied as it goes. */
function decisions(assigner: StoryAssigner, from: number, to: number): StoryDecision[] {
  const out: StoryDecision[] = [];
  for (let i = from; i < to; i++) {
    const a = article(i);
    const signature = articleSignature(
      {
        articleId: sha(a.url),
        language: a.language,
        publishedAt: Date.UTC(2026, 2, 1) + a.hours * 3_600_000,
        title: a.title,
        lead: a.lead,
        entities: a.entities.map((entityId) => ({ entityId, count: 1 })),
      },
      lexicon,
    );
    const d = assigner.model.decide(sha(a.url), signature, `new-${i}`);
    out.push(d);
    if (d.kind === "start") assigner.model.start(d.storyId, sha(a.url), signature);
    else assigner.model.join(d.storyId, sha(a.url), signature);
  }
  return out;
}

describe("story model snapshots", () => {
  it("a worker restarted from a snapshot decides as one that refolds the whole log", async () => {
    const live = new StoryAssigner(harness.app, lexicon, {}, { everyEvents: 4 });
    for (let i = 0; i < 10; i++) await assignStory(await tagged(article(i)), ctx, { store: harness.store, assigner: live });
    // Written before the 5th and the 9th decisions (4 events folded each time): the stored one is behind the log.
    expect(logged.filter((l) => l.msg === "story snapshot written")).toHaveLength(2);
    const stored = await readStorySnapshot(harness.app, "story");
    expect(stored?.model.stories.length).toBeGreaterThan(0);

    const fromSnapshot = new StoryAssigner(harness.app, lexicon, {}, { everyEvents: 4 });
    const refolded = new StoryAssigner(harness.app, lexicon);
    const readAfterSnapshot = await fromSnapshot.catchUp();
    expect(fromSnapshot.restoredFrom).toEqual(stored?.position);
    expect(await refolded.catchUp()).toBe(10);
    expect(readAfterSnapshot).toBe(2);
    expect(fromSnapshot.model.snapshot()).toEqual(refolded.model.snapshot());
    expect(decisions(fromSnapshot, 10, 22)).toEqual(decisions(refolded, 10, 22));
    expect(new Set(decisions(refolded, 22, 25).map((d) => d.storyId)).size).toBe(3);
  });

  it("keeps the snapshot of the later position, and one at the log's end needs no event read", async () => {
    const live = new StoryAssigner(harness.app, lexicon, {}, { everyEvents: 1000 });
    await live.catchUp();
    expect(await live.writeSnapshot()).toBeGreaterThan(0);
    const behind = new StoryAssigner(harness.app, lexicon, {}, { everyEvents: 1000 });
    await assignStory(await tagged(article(30)), ctx, { store: harness.store, assigner: live });
    expect(await live.writeSnapshot()).toBeGreaterThan(0);
    // A replica still at the older position does not overwrite the newer snapshot.
    await behind.catchUp();
    const stored = await readStorySnapshot(harness.app, "story");
    expect(await behind.writeSnapshot()).toBe(0);
    expect(await readStorySnapshot(harness.app, "story")).toEqual(stored);
    const restarted = new StoryAssigner(harness.app, lexicon, {}, { everyEvents: 1000 });
    expect(await restarted.catchUp()).toBe(0);
    expect(restarted.model.snapshot()).toEqual(live.model.snapshot());
  });
});
