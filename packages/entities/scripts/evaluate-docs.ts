/**
 * Scores the whole tagger (`loadTagger().tag`, document by document) on CoNLL files whose
 * documents start with `-DOCSTART-`: each document's tokens are joined by spaces, one sentence a
 * line, and predicted mentions are compared with gold ones by exact character span and type.
 * Unlike scripts/evaluate.ts (sentence by sentence on gold tokens), this includes the steps that
 * look across sentences (surname and type consistency within a document).
 *
 *   tsx scripts/evaluate-docs.ts --lang fr --test winer-fr-test.conll [--model model-fr.bin.gz]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseColumns } from "../src/corpus.ts";
import { labelIndex, spansOf } from "../src/labels.ts";
import { SpanTally } from "../src/evaluate-spans.ts";
import { loadTagger } from "../src/tagger.ts";

const { values } = parseArgs({
  options: {
    lang: { type: "string" },
    test: { type: "string", multiple: true, default: [] },
    model: { type: "string" },
    types: { type: "string", default: "PER,ORG,LOC" },
    "no-consistency": { type: "boolean", default: false },
  },
});
const lang = values.lang === "fr" || values.lang === "en" ? values.lang : undefined;
if (!lang || values.test.length === 0) {
  console.error("usage: evaluate-docs.ts --lang fr|en --test file.conll [--model weights.bin.gz]");
  process.exit(2);
}
const types = values.types.split(",");
const tagger = loadTagger({ ...(values.model ? { modelFiles: { [lang]: values.model } } : {}), documentConsistency: !values["no-consistency"] });

for (const file of values.test) {
  const tally = new SpanTally(types);
  const docs = readFileSync(file, "utf8")
    .split(/^-DOCSTART-.*$/m)
    .filter((d) => d.trim() !== "");
  for (const doc of docs) {
    let text = "";
    const gold = new Set<string>();
    for (const s of parseColumns(doc)) {
      const starts: number[] = [];
      s.words.forEach((w, i) => {
        if (i > 0) text += " ";
        starts.push(text.length);
        text += w;
      });
      for (const span of spansOf(s.tags.map(labelIndex))) {
        const a = starts[span.start] ?? 0;
        const b = (starts[span.end - 1] ?? 0) + (s.words[span.end - 1] ?? "").length;
        if (types.includes(span.type)) gold.add(`${a}:${b}:${span.type}`);
      }
      text += "\n";
    }
    const pred = new Set(
      tagger
        .tag(text, { language: lang })
        .mentions.filter((m) => types.includes(m.type))
        .map((m) => `${m.start}:${m.end}:${m.type}`),
    );
    tally.add(gold, pred);
  }
  const { sentences: documents, ...scores } = tally.scores();
  console.log(JSON.stringify({ file: file.split("/").pop(), documents, ...scores }));
}
