// pnpm --filter @vigie/dedup evaluate — precision and recall on fixtures/pairs.tsv, measured the two
// ways the tests measure them: the pure pairwise matcher, and the Postgres store deciding every
// article in publication order (clusters). Uses a fresh database, dropped at the end.
import { createSql } from "@vigie/db";
import { createTestDatabase } from "@vigie/db/testing";
import { evaluatePairs } from "../src/evaluation/evaluate-pairs.ts";
import { evaluateStoreClusters } from "../src/evaluation/evaluate-store.ts";
import { loadFixtureArticles, loadFixturePairs } from "../src/evaluation/load-fixtures.ts";
import { createDedupStore } from "../src/index.ts";

const round = (x: number) => Math.round(x * 1000) / 1000;

async function main() {
  const articles = loadFixtureArticles();
  const pairs = loadFixturePairs();
  const kinds: Record<string, { same: number; different: number }> = {};
  for (const p of pairs) {
    const k = (kinds[p.kind] ??= { same: 0, different: 0 });
    k[p.same ? "same" : "different"]++;
  }
  const pairwise = evaluatePairs(articles, pairs);
  const db = await createTestDatabase();
  const sql = createSql({ url: db.url, role: "vigie_app", max: 1 });
  try {
    const clusters = await evaluateStoreClusters(createDedupStore(sql), articles, pairs, new Date("2025-08-01T00:00:00Z"));
    const summary = (e: typeof clusters | typeof pairwise) => ({
      tp: e.truePositives,
      fp: e.falsePositives,
      fn: e.falseNegatives,
      tn: e.trueNegatives,
      precision: round(e.precision),
      recall: round(e.recall),
      errors: e.errors.map((x) => `${x.a} ~ ${x.b} (${x.same ? "same" : "different"}, ${x.kind})`),
    });
    const report = {
      articles: articles.size,
      pairs: pairs.length,
      languages: { fr: pairs.filter((p) => p.a.startsWith("fr")).length, en: pairs.filter((p) => p.a.startsWith("en")).length },
      kinds,
      pairwiseMatcher: { ...summary(pairwise), byMethod: pairwise.byMethod },
      storeClusters: summary(clusters),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await sql.end();
    await db.drop();
  }
}

await main();
