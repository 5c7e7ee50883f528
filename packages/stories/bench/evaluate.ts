// pnpm --filter @vigie/stories evaluate [--json] [--sweep]
// Runs the story model over the labelled set (fixtures/eval), in publication order, with entities
// from vigie's own tagger, and prints B-cubed precision/recall/F1 and cross-lingual pair recall.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadTagger } from "@vigie/entities";
import {
  articleSignature,
  bCubed,
  crossLingualPairRecall,
  loadBilingualLexicon,
  parseEvaluationSet,
  StoryModel,
  type LabelledArticle,
  type Signature,
  type StoryModelOptions,
} from "../src/index.ts";

const { values: args } = parseArgs({
  options: { json: { type: "boolean", default: false }, sweep: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
});
if (args.help) {
  process.stdout.write(
    "pnpm --filter @vigie/stories evaluate [--json] [--sweep]\n  B-cubed P/R/F1 and cross-lingual pair recall of the story model on fixtures/eval.\n  --sweep  also the scores at other thresholds\n  --json   one JSON line\n",
  );
  process.exit(0);
}

const dir = fileURLToPath(new URL("../fixtures/eval/", import.meta.url));
const articles: LabelledArticle[] = readdirSync(dir)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .flatMap((f) => parseEvaluationSet(readFileSync(dir + f, "utf8"), f))
  .sort((a, b) => a.publishedAt - b.publishedAt || (a.articleId < b.articleId ? -1 : 1));

const tagger = loadTagger();
const lexicon = loadBilingualLexicon();
const signatures = new Map<string, Signature>();
for (const a of articles) {
  const language = a.language === "fr" || a.language === "en" ? a.language : "auto";
  const tagged = tagger.tag(`${a.title}\n${a.lead}`, { language });
  signatures.set(a.articleId, articleSignature({ ...a, entities: tagged.entities }, lexicon));
}

/** One pass over the set, as the stage would make it; merges followed with union-find. */
function run(options: StoryModelOptions): Map<string, string> {
  const model = new StoryModel(options);
  const assigned = new Map<string, string>();
  const mergedInto = new Map<string, string>();
  const find = (id: string): string => {
    let x = id;
    for (let next = mergedInto.get(x); next !== undefined; next = mergedInto.get(x)) x = next;
    return x;
  };
  for (const a of articles) {
    const signature = signatures.get(a.articleId);
    if (!signature) continue;
    const decision = model.decide(a.articleId, signature, `story-${a.articleId}`);
    if (decision.kind === "start") model.start(decision.storyId, a.articleId, signature);
    else {
      model.join(decision.storyId, a.articleId, signature);
      for (const m of decision.merges) {
        model.merge(decision.storyId, m.storyId);
        mergedInto.set(m.storyId, decision.storyId);
      }
    }
    assigned.set(a.articleId, decision.storyId);
  }
  return new Map([...assigned].map(([id, story]) => [id, find(story)]));
}

const gold = new Map(articles.map((a) => [a.articleId, a.story]));
const languages = new Map(articles.map((a) => [a.articleId, a.language]));
// The threshold was chosen on the odd-numbered stories (dev); the even-numbered ones are the held-out half.
const half = (map: Map<string, string>, odd: boolean) => new Map([...map].filter(([id]) => (Number((gold.get(id) ?? "s0").slice(1)) % 2 === 1) === odd));
const measure = (g: Map<string, string>, predicted: Map<string, string>) => {
  const b3 = bCubed(g, predicted);
  const cross = crossLingualPairRecall(g, predicted, languages);
  return { ...b3, crossLingualRecall: cross.recall, crossLingualPairs: cross.pairs };
};
const score = (options: StoryModelOptions) => {
  const predicted = run(options);
  return {
    ...measure(gold, predicted),
    predictedStories: new Set(predicted.values()).size,
    dev: measure(half(gold, true), half(predicted, true)),
    test: measure(half(gold, false), half(predicted, false)),
  };
};

const stories = new Set(articles.map((a) => a.story));
const french = articles.filter((a) => a.language === "fr").length;
const result = {
  articles: articles.length,
  stories: stories.size,
  singletons: [...stories].filter((s) => articles.filter((a) => a.story === s).length === 1).length,
  frenchShare: french / articles.length,
  ...score({}),
  sweep: args.sweep ? [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5].map((threshold) => ({ threshold, ...score({ threshold }) })) : undefined,
};
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    [
      `set: ${result.articles} articles, ${result.stories} stories (${result.singletons} singletons), French ${pct(result.frenchShare)}`,
      `B-cubed precision ${result.precision.toFixed(3)}  recall ${result.recall.toFixed(3)}  F1 ${result.f1.toFixed(3)}`,
      `cross-lingual pair recall ${result.crossLingualRecall.toFixed(3)} (${result.crossLingualPairs} pairs); predicted stories ${result.predictedStories}`,
      ...(["dev", "test"] as const).map(
        (k) =>
          `  ${k === "dev" ? "dev (odd stories, threshold chosen here)" : "test (even stories, held out)"}: P ${result[k].precision.toFixed(3)} R ${result[k].recall.toFixed(3)} F1 ${result[k].f1.toFixed(3)} cross-lingual ${result[k].crossLingualRecall.toFixed(3)}`,
      ),
      ...(result.sweep ?? []).map(
        (s) =>
          `  threshold ${s.threshold.toFixed(2)}: P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)} cross-lingual ${s.crossLingualRecall.toFixed(3)}`,
      ),
    ].join("\n") + "\n",
  );
}
