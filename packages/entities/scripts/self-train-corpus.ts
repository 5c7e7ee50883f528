/**
 * Self-training data for English (#14): tags the unlabelled English texts written for vigie (the
 * story evaluation set's titles and leads, the fixture site's articles, fixtures/news-en.txt) with
 * the shipped weights and the whole tagger, and writes as CoNLL the sentences whose every predicted
 * name is confirmed by an alias table entry of the same type (curated names, countries, demonyms,
 * cities). Sentences with no
 * name, or with one name the tables do not know (most people), are left out; `--min-confidence`
 * also accepts unknown names the model is sure of.
 *
 *   tsx scripts/self-train-corpus.ts --out /tmp/ner/corpora/selftrain-en.conll [--model w.bin.gz] [--min-confidence 0.95]
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { splitSentences } from "../src/sentences.ts";
import { loadGazetteer, loadTagger } from "../src/tagger.ts";
import { tokenise } from "../src/tokenise.ts";

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    model: { type: "string" },
    /** Also accept a name the tables do not know when its confidence (mean per-token softmax) is at least this. */
    "min-confidence": { type: "string" },
    /** Also keep sentences with no name at all (default: a sentence needs one confirmed name). */
    "keep-empty": { type: "boolean", default: false },
  },
});
if (!values.out) {
  console.error("usage: self-train-corpus.ts --out selftrain-en.conll [--model model-en.bin.gz]");
  process.exit(2);
}

const packages = fileURLToPath(new URL("../../", import.meta.url));

/** English texts, one document each: title and lead (or body) on separate lines. */
function englishTexts(): string[] {
  const texts: string[] = [];
  const evalDir = `${packages}stories/fixtures/eval/`;
  for (const file of readdirSync(evalDir)
    .filter((f) => /^part-\d+\.txt$/.test(f))
    .sort()) {
    for (const line of readFileSync(evalDir + file, "utf8").split("\n")) {
      const fields = line.split(" | ");
      if (fields[0] === "en" && fields.length >= 5) texts.push(`${fields[3]}\n${fields.slice(4).join(" | ")}`);
    }
  }
  const siteDir = `${packages}fixture-site/articles/`;
  for (const file of readdirSync(siteDir).sort()) {
    const raw = readFileSync(siteDir + file, "utf8");
    const split = raw.indexOf("\n---\n");
    if (split < 0 || !/^lang: en$/m.test(raw.slice(0, split))) continue;
    const title = /^title: (.*)$/m.exec(raw.slice(0, split))?.[1] ?? "";
    texts.push(`${title}\n${raw.slice(split + 5)}`);
  }
  texts.push(readFileSync(`${packages}entities/fixtures/news-en.txt`, "utf8"));
  return texts;
}

const tagger = loadTagger(values.model ? { modelFiles: { en: values.model } } : {});
const gazetteer = loadGazetteer();
const minConfidence = values["min-confidence"] === undefined ? Infinity : Number(values["min-confidence"]);
const seen = new Set<string>();
const lines: string[] = [];
let sentences = 0;
let kept = 0;
let names = 0;
for (const text of englishTexts()) {
  const { mentions } = tagger.tag(text, { language: "en" });
  const tokens = tokenise(text);
  for (const [a, b] of splitSentences(text, tokens)) {
    const sentence = tokens.slice(a, b);
    const first = sentence[0];
    const last = sentence[sentence.length - 1];
    if (!first || !last) continue;
    sentences++;
    const inside = mentions.filter((m) => m.start < last.end && m.end > first.start);
    const unconfirmed = inside.some((m) => gazetteer.lookup(m.text)?.type !== m.type && m.confidence < minConfidence);
    if (unconfirmed || (inside.length === 0 && !values["keep-empty"])) continue;
    const tags = sentence.map(() => "O");
    let aligned = true;
    for (const m of inside) {
      const from = sentence.findIndex((t) => t.start === m.start);
      const to = sentence.findIndex((t) => t.end === m.end);
      if (from < 0 || to < from || tags.slice(from, to + 1).some((t) => t !== "O")) {
        aligned = false;
        break;
      }
      for (let i = from; i <= to; i++) tags[i] = `${i === from ? "B" : "I"}-${m.type}`;
    }
    const key = sentence.map((t) => t.text).join(" ");
    if (!aligned || seen.has(key)) continue;
    seen.add(key);
    kept++;
    names += inside.length;
    for (let i = 0; i < sentence.length; i++) lines.push(`${sentence[i]?.text}\t${tags[i]}`);
    lines.push("");
  }
}
writeFileSync(values.out, lines.join("\n"));
console.log(JSON.stringify({ out: values.out, sentences, kept, names }));
