import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { entitiesCommand } from "./cli.ts";
import { parseBrat } from "./corpus.ts";
import { loadTagger } from "./tagger.ts";
import { TrainingDataError } from "./train-model.ts";

const dir = mkdtempSync(join(tmpdir(), "vigie-entities-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A tiny corpus made here, with a convention no shipped model follows: the lower-case place names
// "blorf" and "quazzle" are LOC. Weights trained on it must reproduce that; the shipped ones never do.
const PLACES = ["blorf", "quazzle"];
const FRAMES: Array<[string, string]> = [
  ["We drove to", "yesterday ."],
  ["The market in", "opens early ."],
  ["Rain fell on", "all night ."],
  ["She moved from", "last year ."],
  ["Trains to", "were cancelled ."],
];

function conllCorpus(): string {
  const lines: string[] = [];
  for (let r = 0; r < 4; r++) {
    for (const place of PLACES) {
      for (const [before, after] of FRAMES) {
        for (const w of before.split(" ")) lines.push(`${w}\tO`);
        lines.push(`${place}\tB-LOC`);
        for (const w of after.split(" ")) lines.push(`${w}\tO`);
        lines.push("");
      }
    }
  }
  return lines.join("\n");
}

async function run(args: string[]): Promise<void> {
  const cmd = entitiesCommand().exitOverride();
  await cmd.parseAsync(["train", ...args], { from: "user" });
}

describe("vigie entities train", () => {
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);

  it("trains weights from a CoNLL corpus that loadTagger then uses in place of the shipped ones", async () => {
    const corpus = join(dir, "tiny.conll");
    const out = join(dir, "model-en.bin.gz");
    writeFileSync(corpus, conllCorpus());
    await run(["--lang", "en", "--format", "conll", "--epochs", "5", "--out", out, corpus]);
    const sentence = "We drove to quazzle yesterday .";
    const own = loadTagger({ modelFiles: { en: out } }).tag(sentence, { language: "en" });
    expect(own.mentions.map((m) => [m.text, m.type])).toContainEqual(["quazzle", "LOC"]);
    const shipped = loadTagger().tag(sentence, { language: "en" });
    expect(shipped.mentions.map((m) => m.text)).not.toContain("quazzle");
  });

  it("vigie entities tag uses the configured weights (ENTITIES_MODEL_EN), and --model-en over them", async () => {
    const corpus = join(dir, "tiny-tag.conll");
    const own = join(dir, "own-en.bin.gz");
    writeFileSync(corpus, conllCorpus());
    await run(["--lang", "en", "--format", "conll", "--epochs", "5", "--out", own, corpus]);
    const input = join(dir, "in.jsonl");
    writeFileSync(input, `${JSON.stringify({ id: "q", text: "Trains to quazzle were cancelled ." })}\n`);
    const tagged = async (defaults: { en?: string } | undefined, args: string[]): Promise<string[]> => {
      const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
      stdout.mockClear();
      const cmd = entitiesCommand(defaults === undefined ? {} : { defaultModelFiles: () => defaults }).exitOverride();
      await cmd.parseAsync(["tag", "--lang", "en", ...args, input], { from: "user" });
      const lines = stdout.mock.calls.map((c) => JSON.parse(String(c[0])) as { entities: Array<{ text: string }> });
      return lines.flatMap((l) => l.entities.map((e) => e.text));
    };
    expect(await tagged({ en: own }, [])).toContain("quazzle");
    expect(await tagged(undefined, [])).not.toContain("quazzle");
    expect(await tagged(undefined, ["--model-en", own])).toContain("quazzle");
    const shipped = join(dirname(fileURLToPath(import.meta.url)), "../data/model-en.bin.gz");
    expect(await tagged({ en: own }, ["--model-en", shipped])).not.toContain("quazzle");
  });

  it("reads brat files (nested spans flattened to the outermost)", async () => {
    const text = "Le directeur de la Grande Mosquée de Valence a parlé.\nJean Dupont habite à Valence.";
    const at = (name: string, from = 0): string => `${text.indexOf(name, from)} ${text.indexOf(name, from) + name.length}`;
    const second = text.indexOf("\n");
    const ann = [
      `T1\tOrganization ${at("Grande Mosquée de Valence")}\tGrande Mosquée de Valence`,
      `T2\tLocation ${at("Valence")}\tValence`,
      `T3\tPerson ${at("Jean Dupont")}\tJean Dupont`,
      `T4\tLocation ${at("Valence", second)}\tValence`,
      "T5\tDate 0 2\tLe",
    ].join("\n");
    const sentences = parseBrat(text, ann);
    expect(sentences.map((s) => s.words.map((w, i) => `${w}/${s.tags[i] ?? ""}`).filter((x) => !x.endsWith("/O")))).toEqual([
      ["Grande/B-ORG", "Mosquée/I-ORG", "de/I-ORG", "Valence/I-ORG"],
      ["Jean/B-PER", "Dupont/I-PER", "Valence/B-LOC"],
    ]);
    writeFileSync(join(dir, "doc.txt"), text);
    writeFileSync(join(dir, "doc.ann"), ann);
    const out = join(dir, "model-fr.bin.gz");
    await run(["--lang", "fr", "--format", "brat", "--epochs", "2", "--out", out, join(dir, "doc.ann")]);
    expect(loadTagger({ modelFiles: { fr: out } }).tag(text, { language: "fr" }).language).toBe("fr");
  });

  it("refuses files without any annotated name and weights of the other language", async () => {
    const plain = join(dir, "plain.conll");
    writeFileSync(plain, "Hello\tO\nworld\tO\n");
    await expect(run(["--lang", "en", "--out", join(dir, "x.bin.gz"), plain])).rejects.toThrow(TrainingDataError);
    expect(() => loadTagger({ modelFiles: { fr: join(dir, "model-en.bin.gz") } })).toThrow(/holds en weights/);
  });
});
