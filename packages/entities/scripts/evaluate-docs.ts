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
import { loadTagger } from "../src/tagger.ts";

const { values } = parseArgs({
  options: { lang: { type: "string" }, test: { type: "string", multiple: true, default: [] }, model: { type: "string" }, types: { type: "string", default: "PER,ORG,LOC" }, "no-consistency": { type: "boolean", default: false } },
});
const lang = values.lang === "fr" || values.lang === "en" ? values.lang : undefined;
if (!lang || values.test.length === 0) {
  console.error("usage: evaluate-docs.ts --lang fr|en --test file.conll [--model weights.bin.gz]");
  process.exit(2);
}
const types = values.types.split(",");
const tagger = loadTagger({ ...(values.model ? { modelFiles: { [lang]: values.model } } : {}), documentConsistency: !values["no-consistency"] });
const round = (x: number): number => Math.round(x * 10000) / 10000;

for (const file of values.test) {
  const tally = new Map(types.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const docs = readFileSync(file, "utf8").split(/^-DOCSTART-.*$/m).filter((d) => d.trim() !== "");
  for (const doc of docs) {
    let text = "";
    const gold = new Set<string>();
    for (const s of parseColumns(doc)) {
      const starts: number[] = [];
      s.words.forEach((w, i) => {
        starts.push(text.length);
        text += i === 0 ? w : ` ${w}`;
        if (i > 0) starts[i] = (starts[i] ?? 0) + 1;
      });
      for (const span of spansOf(s.tags.map(labelIndex))) {
        const a = starts[span.start] ?? 0;
        const b = (starts[span.end - 1] ?? 0) + (s.words[span.end - 1] ?? "").length;
        if (types.includes(span.type)) gold.add(`${a}:${b}:${span.type}`);
      }
      text += "\n";
    }
    const pred = new Set(tagger.tag(text, { language: lang }).mentions.filter((m) => types.includes(m.type)).map((m) => `${m.start}:${m.end}:${m.type}`));
    for (const p of pred) {
      const t = tally.get(p.split(":")[2] ?? "");
      if (t && gold.has(p)) t.tp++;
      else if (t) t.fp++;
    }
    for (const g of gold) {
      const t = tally.get(g.split(":")[2] ?? "");
      if (t && !pred.has(g)) t.fn++;
    }
  }
  const prf = (tp: number, fp: number, fn: number): { p: number; r: number; f1: number } => {
    const p = tp + fp === 0 ? 0 : tp / (tp + fp);
    const r = tp + fn === 0 ? 0 : tp / (tp + fn);
    return { p: round(p), r: round(r), f1: round(p + r === 0 ? 0 : (2 * p * r) / (p + r)) };
  };
  const all = [...tally.values()].reduce((a, t) => ({ tp: a.tp + t.tp, fp: a.fp + t.fp, fn: a.fn + t.fn }), { tp: 0, fp: 0, fn: 0 });
  const perType = Object.fromEntries([...tally].map(([k, t]) => [k, { ...prf(t.tp, t.fp, t.fn), gold: t.tp + t.fn }]));
  console.log(JSON.stringify({ file: file.split("/").pop(), documents: docs.length, ...prf(all.tp, all.fp, all.fn), perType }));
}
