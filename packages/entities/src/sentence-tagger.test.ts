import { describe, expect, it } from "vitest";
import { FeatureExtractor } from "./features.ts";
import { Gazetteer } from "./gazetteer.ts";
import { labelIndex } from "./labels.ts";
import { PerceptronTrainer } from "./perceptron-trainer.ts";
import { tagSentence } from "./sentence-tagger.ts";

describe("title trimming", () => {
  // A toy model taught to put titles inside person names, as some corpora do.
  const extractor = new FeatureExtractor();
  const gazetteer = new Gazetteer();
  const trainer = new PerceptronTrainer("en", 12);
  const sentences: [string[], string[]][] = [
    [
      ["Judge", "Anne", "Gass", "ruled"],
      ["B-PER", "I-PER", "I-PER", "O"],
    ],
    [
      ["Judge", "Saint", "Paul", "ruled"],
      ["B-PER", "I-PER", "I-PER", "O"],
    ],
    [
      ["the", "court", "ruled"],
      ["O", "O", "O"],
    ],
  ];
  const data = sentences.map(([words, tags]) => ({
    feats: extractor.extract(words, new Uint8Array(words.length)),
    gold: Uint8Array.from(tags.map(labelIndex)),
  }));
  for (let epoch = 0; epoch < 10; epoch++) for (const ex of data) trainer.train(ex);
  const model = trainer.averaged();
  const spans = (words: string[], trimTitles?: boolean) =>
    tagSentence(words, model, gazetteer, extractor, trimTitles === undefined ? {} : { trimTitles }).map(
      (s) => `${s.type} ${words.slice(s.start, s.end).join(" ")}`,
    );

  it("cuts leading titles off person spans, and only with the switch on", () => {
    expect(spans(["Judge", "Anne", "Gass", "ruled"], false)).toEqual(["PER Judge Anne Gass"]);
    expect(spans(["Judge", "Anne", "Gass", "ruled"])).toEqual(["PER Anne Gass"]);
  });

  it("keeps a saint's title and never empties a span", () => {
    expect(spans(["Judge", "Saint", "Paul", "ruled"])).toEqual(["PER Saint Paul"]);
  });
});
