import { describe, expect, it } from "vitest";
import { splitSentences } from "./sentences.ts";
import { tokenise } from "./tokenise.ts";

function sentences(text: string): string[] {
  const tokens = tokenise(text);
  return splitSentences(text, tokens).map(([a, b]) =>
    tokens
      .slice(a, b)
      .map((t) => t.text)
      .join(" "),
  );
}

describe("splitSentences", () => {
  it("splits on terminal punctuation before a capital, not after abbreviations", () => {
    expect(sentences("M. Macron est arrivé. Il a parlé à Mr. Smith ! Puis rien.")).toEqual([
      "M. Macron est arrivé .",
      "Il a parlé à Mr. Smith !",
      "Puis rien .",
    ]);
  });

  it("keeps a closing quote with its sentence and treats a glued quote as opening the next", () => {
    expect(sentences('Il a dit "non." Elle a ri. "Nous partons", dit-il.')).toEqual(['Il a dit " non . "', "Elle a ri .", '" Nous partons " , dit-il .']);
  });

  it("splits at line breaks and caps sentence length", () => {
    expect(sentences("Titre sans point\nPremière phrase")).toEqual(["Titre sans point", "Première phrase"]);
    const long = Array.from({ length: 400 }, () => "mot").join(" ");
    const tokens = tokenise(long);
    expect(splitSentences(long, tokens, 150).map(([a, b]) => b - a)).toEqual([150, 150, 100]);
  });
});
