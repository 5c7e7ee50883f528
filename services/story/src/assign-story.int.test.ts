import { articleStreamId } from "@vigie/contracts";
import { createStoreHarness, type StoreHarness } from "@vigie/event-store/testing";
import { articlesProjection, listStories, readStory, rebuildProjection, storiesProjection } from "@vigie/projections";
import type { StageContext } from "@vigie/queue";
import { loadBilingualLexicon } from "@vigie/stories";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignStory } from "./assign-story.ts";
import { appendTaggedArticle, type TaggedArticle } from "../test/tagged-article.ts";
import { StoryAssigner } from "./story-assigner.ts";

const ctx = { log: { info: () => undefined } } as unknown as StageContext;
const lexicon = loadBilingualLexicon();

let harness: StoreHarness;
beforeAll(async () => {
  harness = await createStoreHarness({ max: 4 });
});
afterAll(async () => harness?.close());

const tagged = (a: TaggedArticle) => appendTaggedArticle(harness.store, { ...a, text: `${a.lead}\nMore text.` });

const quakeEn = {
  url: "https://wire.example/quake",
  language: "en",
  title: "Strong earthquake shakes Malatya in eastern Turkey",
  lead: "A magnitude 6.4 earthquake struck near Malatya.",
  hours: 1,
  entities: ["Q43", "geonames:304922"],
};
const quakeFr = {
  url: "https://journal.example/seisme",
  language: "fr",
  title: "Un séisme de magnitude 6,4 frappe Malatya",
  lead: "La terre a tremblé en Turquie près de Malatya.",
  hours: 2,
  entities: ["Q43", "geonames:304922"],
};
const vote = {
  url: "https://wire.example/vote",
  language: "en",
  title: "Hungarians vote in parliamentary election",
  lead: "Polls in Budapest suggest a close race.",
  hours: 2,
  entities: ["Q28", "Q1781"],
};

describe("assignStory", () => {
  let first: Awaited<ReturnType<typeof assignStory>>;

  it("starts a story, puts the French article on the same quake in it, and the election apart", async () => {
    const live = new StoryAssigner(harness.app, lexicon);
    first = await assignStory(await tagged(quakeEn), ctx, { store: harness.store, assigner: live });
    const frJob = await tagged(quakeFr);
    const fr = await assignStory(frJob, ctx, { store: harness.store, assigner: live });
    const other = await assignStory(await tagged(vote), ctx, { store: harness.store, assigner: live });
    expect(fr.storyId).toBe(first.storyId);
    expect(other.storyId).not.toBe(first.storyId);
    const joined = (await harness.store.readStream(articleStreamId(frJob.articleId))).find((e) => e.type === "ArticleJoinedStory");
    expect(joined?.data).toMatchObject({ storyId: first.storyId, language: "fr", revision: 1 });
    expect((joined?.data as { entities: number }).entities).toBeGreaterThan(0.5);
    // A retried job appends nothing more.
    expect(await assignStory(frJob, ctx, { store: harness.store, assigner: live })).toEqual({ storyId: null });
    expect((await harness.store.readStream(articleStreamId(frJob.articleId))).filter((e) => e.type.includes("Story"))).toHaveLength(1);
  });

  it("a restarted worker rebuilds its open stories from the log and decides the same way", async () => {
    const restarted = new StoryAssigner(harness.app, lexicon);
    expect(await restarted.catchUp()).toBe(3);
    expect(restarted.model.openStories).toBe(2);
    const later = {
      ...quakeEn,
      url: "https://other.example/quake-toll",
      title: "Death toll from Malatya earthquake rises to 27",
      lead: "Rescuers searched the rubble in Turkey.",
      hours: 8,
    };
    const decided = await assignStory(await tagged(later), ctx, { store: harness.store, assigner: restarted });
    expect(decided.storyId).toBe(first.storyId);
    expect(restarted.model.openStories).toBe(2);
  });

  it("the stories projection lists the story with both languages, and reads it by language", async () => {
    await rebuildProjection(harness.app, articlesProjection);
    await rebuildProjection(harness.app, storiesProjection);
    const stories = await listStories(harness.app, { language: "fr" });
    expect(stories.map((s) => s.storyId)).toEqual([first.storyId]);
    expect(stories[0]).toMatchObject({ articleCount: 3, languages: ["en", "fr"] });
    const story = await readStory(harness.app, first.storyId ?? "");
    expect(Object.keys(story?.byLanguage ?? {}).sort()).toEqual(["en", "fr"]);
    expect(story?.byLanguage.en?.map((a) => a.score)).toEqual([1, expect.any(Number)]);
    expect(await listStories(harness.app, { entity: "Q28" })).toHaveLength(1);
    expect(await readStory(harness.app, "0000000000000000")).toBeUndefined();
  });
});
