import { describe, expect, it } from "vitest";
import { diffSize } from "./diff-size.ts";
import { normalizeText, normalizeTitle, textHash } from "./normalize-text.ts";

describe("normalizeText", () => {
  it("folds case, accents, ligatures and typography", () => {
    expect(normalizeText("« L’Œuvre » — ÉTÉ\u00a02025 !")).toBe("l œuvre ete 2025");
    expect(normalizeText("ﬁn")).toBe("fin");
  });
  it("collapses whitespace and punctuation runs", () => {
    expect(normalizeText("  a,\n\n b ... c  ")).toBe("a b c");
  });
  it("is empty for text without letters or digits", () => {
    expect(normalizeText(" … — \n ")).toBe("");
  });
});

describe("textHash", () => {
  it("is equal for typographic variants and differs for a changed word", () => {
    expect(textHash("Le \u201cgouvernement\u201d a démissionné.")).toBe(textHash('le "Gouvernement" a demissionne'));
    expect(textHash("le gouvernement a démissionné")).not.toBe(textHash("le gouvernement n'a pas démissionné"));
    expect(textHash("x")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("normalizeTitle", () => {
  it("drops a trailing site name after a separator", () => {
    expect(normalizeTitle("Grève à la SNCF : trafic perturbé jeudi | Le Journal")).toBe("greve a la sncf trafic perturbe jeudi");
    expect(normalizeTitle("Stocks close higher on Wall Street - Example News")).toBe("stocks close higher on wall street");
  });
  it("keeps short titles whole", () => {
    expect(normalizeTitle("Live - Paris")).toBe("live paris");
  });
});

describe("diffSize", () => {
  it("counts inserted and deleted characters by line", () => {
    expect(diffSize("a\nb\n", "a\nb\n")).toBe(0);
    expect(diffSize("a\nb\n", "a\nb\nnew entry\n")).toBe("new entry\n".length);
    expect(diffSize("a\nold\n", "a\nnew!\n")).toBe("old\n".length + "new!\n".length);
  });
});
