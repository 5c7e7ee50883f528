import { describe, expect, it } from "vitest";
import { addNewsVocabulary, BilingualLexicon, loadBilingualLexicon } from "./bilingual-lexicon.ts";
import { articleSignature } from "./signature.ts";
import { words } from "./text-features.ts";

const base = { articleId: "a", publishedAt: 0, entities: [] };

describe("articleSignature", () => {
  const lexicon = loadBilingualLexicon();

  it("gives the French and English words of one idea the same cross-lingual key", () => {
    const en = articleSignature({ ...base, language: "en", title: "Earthquake in Aleppo", lead: "" }, lexicon);
    const fr = articleSignature({ ...base, language: "fr", title: "Séisme à Alep", lead: "" }, lexicon);
    const cross = (s: typeof en) => Object.keys(s.features).filter((k) => k.startsWith("x:"));
    expect(cross(en)).toEqual(expect.arrayContaining(["x:c:earthquake", "x:e:Q41183"]));
    expect(cross(fr)).toEqual(expect.arrayContaining(["x:c:earthquake", "x:e:Q41183"]));
    // Words are compared within a language only.
    expect(Object.keys(fr.features)).toContain("t:fr:seisme");
  });

  it("keeps numbers whole, names spelled alike, and drops function words", () => {
    const s = articleSignature({ ...base, language: "en", title: "The toll rises to 1,500 in Malatya", lead: "Rescuers said 1 500 people died." }, lexicon);
    expect(s.features["x:n:1500"]).toBeGreaterThan(1);
    expect(s.features["x:p:malatya"]).toBeDefined();
    expect(Object.keys(s.features).some((k) => k.endsWith(":the") || k.endsWith(":in"))).toBe(false);
  });

  it("caps the features so a story's memory and its events stay small", () => {
    const entities = Array.from({ length: 200 }, (_, i) => ({ entityId: `Q${i}`, count: 1 + (i % 5) }));
    const lead = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const s = articleSignature({ ...base, language: "en", title: "t", lead, entities }, lexicon);
    expect(Object.keys(s.features).length).toBeLessThanOrEqual(52);
    expect(Object.keys(s.features).filter((k) => k.startsWith("e:"))).toHaveLength(16);
  });
});

describe("BilingualLexicon", () => {
  it("matches phrases and lets the first concept keep a form", () => {
    const lexicon = new BilingualLexicon();
    addNewsVocabulary(lexicon, "# comment\npm\tprime minister\tpremier ministre\nother\tminister\tpremier ministre\n");
    expect(
      lexicon.lookup(
        words("Premier ministre")
          .map((w) => w.key)
          .join(" "),
      ),
    ).toBe("c:pm");
    expect(lexicon.lookup("minister")).toBe("c:other");
  });
});
