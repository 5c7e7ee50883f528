/**
 * Builds the news training and held-out files (CoNLL, one `-DOCSTART-` per document) from
 * WiNER-fr (brat, 2016 and 2017 folders) and GUM (conllu, CC BY / CC BY-SA genres only).
 * Splits are by whole document, from a hash of the document name, so they are reproducible:
 *
 * - WiNER-fr: a 2017 document is test when FNV-1a(name) mod 5 = 0; every other document is training.
 *   The 2018 folder is independent evaluation data: this script refuses any path under it.
 * - GUM: a news or interview (Wikinews) document is test when FNV-1a(name) mod 3 = 0; the other
 *   documents of the allowed genres are training.
 *
 *   git -C WiNER-fr archive HEAD 2016 2017 | tar -x -C src/winer
 *   git -C gum archive HEAD dep | tar -x -C src/gum
 *   tsx scripts/prepare-corpora.ts --winer src/winer --gum src/gum/dep --out corpora/
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { flattenSpans, parseBrat, spansToSentences, type GoldSentence } from "../src/corpus.ts";
import { fnv1a } from "../src/features.ts";
import { parseGum } from "./gum.ts";

/** GUM genres whose texts are CC BY or CC BY-SA (GUM `LICENSE.txt`); the others are non-commercial. */
export const GUM_GENRES = new Set(["news", "interview", "academic", "bio", "voyage", "court"]);

const { values } = parseArgs({ options: { winer: { type: "string" }, gum: { type: "string" }, out: { type: "string", default: "corpora" } } });
const out = values.out.replace(/\/?$/, "/");
mkdirSync(out, { recursive: true });

function write(path: string, docs: ReadonlyArray<{ sentences: GoldSentence[] }>): void {
  const lines: string[] = [];
  let sentences = 0;
  let names = 0;
  for (const d of docs) {
    lines.push("-DOCSTART-", "");
    for (const s of d.sentences) {
      s.words.forEach((w, i) => lines.push(`${w}\t${s.tags[i] ?? "O"}`));
      lines.push("");
      sentences++;
      names += s.tags.filter((t) => t.startsWith("B-")).length;
    }
  }
  writeFileSync(path, lines.join("\n"));
  console.log(`${path}: ${docs.length} documents, ${sentences} sentences, ${names} names`);
}

if (values.winer) {
  const train: Array<{ sentences: GoldSentence[] }> = [];
  const test: Array<{ sentences: GoldSentence[] }> = [];
  for (const year of ["2016", "2017"]) {
    const yearDir = join(values.winer, year);
    for (const month of readdirSync(yearDir)
      .filter((m) => /^\d\d$/.test(m))
      .sort()) {
      const dir = join(yearDir, month);
      if (dir.includes("2018")) throw new Error("the WiNER-fr 2018 folder is reserved for independent evaluation");
      for (const file of readdirSync(dir)
        .filter((f) => f.endsWith(".ann"))
        .sort()) {
        const name = file.replace(/\.ann$/, "");
        const sentences = parseBrat(readFileSync(join(dir, `${name}.txt`), "utf8"), readFileSync(join(dir, file), "utf8"));
        (year === "2017" && fnv1a(name) % 5 === 0 ? test : train).push({ sentences });
      }
    }
  }
  write(`${out}winer-fr-train.conll`, train);
  write(`${out}winer-fr-test.conll`, test);
}

if (values.gum) {
  const train: Array<{ sentences: GoldSentence[] }> = [];
  const test: Array<{ sentences: GoldSentence[] }> = [];
  for (const file of readdirSync(values.gum)
    .filter((f) => /^GUM_.*\.conllu$/.test(f))
    .sort()) {
    for (const doc of parseGum(readFileSync(join(values.gum, file), "utf8"))) {
      if (!GUM_GENRES.has(doc.genre)) continue;
      const sentences = spansToSentences(doc.text, flattenSpans(doc.spans));
      const held = (doc.genre === "news" || doc.genre === "interview") && fnv1a(doc.id) % 3 === 0;
      (held ? test : train).push({ sentences });
    }
  }
  write(`${out}gum-en-train.conll`, train);
  write(`${out}gum-en-test.conll`, test);
}
