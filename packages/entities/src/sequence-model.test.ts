import { describe, expect, it } from "vitest";
import { FeatureExtractor, NUM_TEMPLATES } from "./features.ts";
import { labelIndex, LABELS } from "./labels.ts";
import { PerceptronTrainer } from "./perceptron-trainer.ts";
import { gunzipSync, gzipSync } from "node:zlib";
import { ModelFormatError, SequenceModel } from "./sequence-model.ts";

const extractor = new FeatureExtractor();
const example = (words: string[], tags: string[]) => ({
  feats: extractor.extract(words, new Uint8Array(words.length)),
  gold: Uint8Array.from(tags.map(labelIndex)),
});

describe("perceptron tagger", () => {
  const data = [
    example(["Alice", "met", "Bob", "in", "Paris"], ["B-PER", "O", "B-PER", "O", "B-LOC"]),
    example(["Carol", "Smith", "lives", "in", "Lyon"], ["B-PER", "I-PER", "O", "O", "B-LOC"]),
    example(["the", "cat", "sat"], ["O", "O", "O"]),
  ];

  it("learns a toy corpus and decodes it back", () => {
    const trainer = new PerceptronTrainer("xx", 12);
    for (let epoch = 0; epoch < 10; epoch++) for (const ex of data) trainer.train(ex);
    const model = trainer.averaged();
    for (const ex of data) {
      const n = ex.gold.length;
      expect([...model.decode(model.emissions(ex.feats, n), n)]).toEqual([...ex.gold]);
    }
  });

  it("round-trips through the weight file format and rejects foreign files", () => {
    const trainer = new PerceptronTrainer("xx", 10);
    for (const ex of data) trainer.train(ex);
    const model = trainer.averaged();
    const back = SequenceModel.deserialise(model.serialise());
    expect(back.meta.language).toBe("xx");
    const ex = data[0];
    if (!ex) throw new Error("no data");
    const n = ex.gold.length;
    expect([...back.decode(back.emissions(ex.feats, n), n)]).toEqual([...model.decode(model.emissions(ex.feats, n), n)]);
    expect(() => SequenceModel.deserialise(Buffer.from("nope"))).toThrow();
  });

  it("reads only the first templates a model was trained with, so older weight files keep working", () => {
    const trainer = new PerceptronTrainer("xx", 12, 44);
    for (let epoch = 0; epoch < 10; epoch++) for (const ex of data) trainer.train(ex);
    const model = SequenceModel.deserialise(trainer.averaged().serialise());
    expect(model.templates).toBe(44);
    const ex = data[1];
    if (!ex) throw new Error("no data");
    const n = ex.gold.length;
    // Templates past the 44th change nothing for this model.
    const changed = Uint32Array.from(ex.feats);
    for (let i = 0; i < n; i++) for (let f = 44; f < NUM_TEMPLATES; f++) changed[i * NUM_TEMPLATES + f] = 12345 + f;
    expect([...model.emissions(changed, n)]).toEqual([...model.emissions(ex.feats, n)]);
    expect([...model.decode(model.emissions(ex.feats, n), n)]).toEqual([...ex.gold]);
    // A file asking for more templates than the extractor has is refused.
    const raw = gunzipSync(model.serialise())
      .toString("latin1")
      .replace('"templates":44', `"templates":${NUM_TEMPLATES + 1}`);
    expect(() => SequenceModel.deserialise(gzipSync(Buffer.from(raw, "latin1")))).toThrow(ModelFormatError);
    expect(() => SequenceModel.empty("xx", 8, NUM_TEMPLATES + 1)).toThrow(RangeError);
  });

  it("never decodes I-X after O", () => {
    const model = SequenceModel.empty("xx", 8);
    const i = LABELS.indexOf("I-PER");
    const emissions = new Float32Array(2 * LABELS.length);
    emissions[LABELS.length + i] = 10;
    const labels = model.decode(emissions, 2);
    expect(labels[1] === i && labels[0] !== labelIndex("B-PER") && labels[0] !== i).toBe(false);
    expect(new ModelFormatError("x").name).toBe("ModelFormatError");
  });
});
