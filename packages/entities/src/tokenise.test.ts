import { describe, expect, it } from "vitest";
import { tokenise } from "./tokenise.ts";

const texts = (s: string): string[] => tokenise(s).map((t) => t.text);

describe("tokenise", () => {
  it("splits French elisions and keeps hyphenated names whole", () => {
    expect(texts("l'Allemagne, d’Alep et qu'il soutient Bachar al-Assad aux Etats-Unis")).toEqual([
      "l'",
      "Allemagne",
      ",",
      "d’",
      "Alep",
      "et",
      "qu'",
      "il",
      "soutient",
      "Bachar",
      "al-Assad",
      "aux",
      "Etats-Unis",
    ]);
  });

  it("keeps acronyms, abbreviations and numbers, splits English clitics", () => {
    expect(texts("The U.S. and M. Macron's 1,5 % (FDS) don't.")).toEqual([
      "The",
      "U.S.",
      "and",
      "M.",
      "Macron",
      "'s",
      "1,5",
      "%",
      "(",
      "FDS",
      ")",
      "do",
      "n't",
      ".",
    ]);
  });

  it("gives exact UTF-16 offsets, drops control characters and keeps emoji whole", () => {
    const text = "Alep\u0000 👍🏽 «Syrie»\u200b\tRoyaume-Uni";
    const tokens = tokenise(text);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens.map((t) => t.text)).toEqual(["Alep", "👍🏽", "«", "Syrie", "»", "Royaume-Uni"]);
  });

  it("handles empty and whitespace-only text", () => {
    expect(tokenise("")).toEqual([]);
    expect(tokenise(" \n\t ")).toEqual([]);
  });
});
