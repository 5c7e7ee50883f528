import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateStoreClusters } from "../evaluation/evaluate-store.ts";
import { loadFixtureArticles, loadFixturePairs } from "../evaluation/load-fixtures.ts";
import type { DedupDecision, DedupInput } from "../types.ts";
import { createDedupStore } from "./create-dedup-store.ts";

const id = (s: string) => createHash("sha256").update(s).digest("hex");
const fixtures = loadFixtureArticles();
const fixture = (name: string): DedupInput => {
  const a = fixtures.get(name);
  if (!a) throw new Error(name);
  return a;
};
/** A fresh copy of a fixture under a new URL, so that each test starts from nothing. */
const copy = (name: string, tag: string, text?: string): DedupInput => {
  const a = fixture(name);
  const url = `https://${tag}.example/${name}`;
  return { ...a, articleId: id(url), url, pageCanonicalUrl: undefined, title: `${tag} ${a.title ?? ""}`, text: text ?? a.text };
};

let db: TestDatabase;
let sql: Sql;
const extra: Sql[] = [];
const NOW = new Date("2025-08-01T00:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  sql = createSql({ url: db.url, role: "vigie_app", max: 4 });
});
afterAll(async () => {
  await Promise.all([sql, ...extra].map((c) => c.end()));
  await db.drop();
});

/** One client per simulated worker replica: a separate connection each. */
function worker(): Sql {
  const client = createSql({ url: db.url, role: "vigie_app", max: 1 });
  extra.push(client);
  return client;
}

describe("decide", () => {
  it("accepts an original, then finds copies by each method", async () => {
    const store = createDedupStore(sql);
    const original = await store.decide(fixture("en-rates-a-orig"), NOW);
    expect(original).toMatchObject({ kind: "accepted", clusterId: fixture("en-rates-a-orig").articleId, revision: 1 });
    expect(await store.decide(fixture("en-rates-a-amp"), NOW)).toMatchObject({ kind: "duplicate", method: "url", similarity: 1 });
    const copy1 = await store.decide(fixture("en-rates-a-copy1"), NOW);
    expect(copy1).toMatchObject({ kind: "duplicate", method: "near-duplicate", originalArticleId: fixture("en-rates-a-orig").articleId });
    expect(copy1.kind === "duplicate" && copy1.similarity).toBeGreaterThan(0.5);
    const same = copy("en-rates-a-orig", "mirror");
    expect(await store.decide(same, NOW)).toMatchObject({ kind: "duplicate", method: "text-hash", similarity: 1 });
    expect(await store.decide(fixture("en-rates-b-orig"), NOW)).toMatchObject({ kind: "accepted" });
  });

  it("finds a same-title update from the same source", async () => {
    const store = createDedupStore(sql);
    expect(await store.decide(fixture("fr-greve-a-orig"), NOW)).toMatchObject({ kind: "accepted" });
    expect(await store.decide(fixture("fr-greve-a-update"), NOW)).toMatchObject({ kind: "duplicate", method: "title" });
  });

  it("returns the same decision for the same article and text, or unchanged when asked", async () => {
    const store = createDedupStore(sql);
    const first = await store.decide(fixture("fr-foot-a-orig"), NOW);
    const copyFirst = await store.decide(fixture("fr-foot-a-copy1"), NOW);
    expect(await store.decide(fixture("fr-foot-a-orig"), NOW)).toEqual(first);
    expect(await store.decide({ ...fixture("fr-foot-a-copy1"), text: `  ${fixture("fr-foot-a-copy1").text.toUpperCase()} ` }, NOW)).toEqual(copyFirst);
    expect(await createDedupStore(sql, { onRepeat: "unchanged" }).decide(fixture("fr-foot-a-copy1"), NOW)).toEqual({ kind: "unchanged", revision: 1 });
  });

  it("turns a changed text at the same article into the next revision (live blog)", async () => {
    const store = createDedupStore(sql);
    const url = "https://live.example/direct-syrie";
    const entries = readFileSync(new URL("../../fixtures/live-blog-fr.txt", import.meta.url), "utf8")
      .trim()
      .split("\n");
    const at = (n: number): DedupInput => ({ articleId: id(url), url, title: "EN DIRECT - Syrie", text: entries.slice(0, n).join("\n") });
    const r1 = await store.decide(at(2), NOW);
    expect(r1).toMatchObject({ kind: "accepted", revision: 1 });
    const r2 = await store.decide(at(3), NOW);
    expect(r2).toMatchObject({ kind: "revised", revision: 2, clusterId: id(url), diffChars: `${entries[2] ?? ""}\n`.length });
    const r3 = await store.decide(at(5), NOW);
    expect(r3).toMatchObject({ kind: "revised", revision: 3 });
    if (r2.kind !== "revised" || r3.kind !== "revised") throw new Error("expected revisions");
    expect(r3.previousTextHash).toBe(r2.textHash);
    // The band rows follow the revisions: exactly the current text's band keys, the old ones gone.
    const [bands] = await sql<{ stored: number[]; current: number[] }[]>`
      select (select array_agg(b.band order by b.band) from dedup_bands b where b.article_seq = a.seq) as stored,
        (select array_agg(distinct k order by k) from unnest(a.bands) k) as current
      from dedup_articles a where a.article_id = ${id(url)}`;
    expect(bands?.stored).toEqual(bands?.current);
    expect(bands?.stored.length).toBeGreaterThan(0);
    // A retried job for revision 2 gets revision 2 back, not a fourth revision.
    expect(await store.decide(at(3), NOW)).toEqual(r2);
  });

  it("fails bad input with a reason and stores nothing", async () => {
    const store = createDedupStore(sql);
    const base = { articleId: id("bad"), url: "https://bad.example/a", text: "texte" };
    const reasons = await Promise.all(
      [
        { ...base, text: "" },
        { ...base, text: "x".repeat(5 * 1024 * 1024 + 1) },
        { ...base, url: "https:///" },
        { ...base, url: "ftp://bad.example/a" },
      ].map(async (input) => ((await store.decide(input, NOW)) as Extract<DedupDecision, { kind: "failed" }>).reason),
    );
    expect(reasons).toEqual(["empty-text", "text-too-large", "no-host", "unsupported-scheme"]);
    const [row] = await sql`select count(*)::int as n from dedup_articles where article_id = ${base.articleId}`;
    expect(row?.n).toBe(0);
  });
});

describe("concurrent replicas", () => {
  it("never accepts two simultaneous copies as originals", async () => {
    const replicas = [worker(), worker(), worker(), worker()].map((c) => createDedupStore(c));
    const groups = ["fr-canicule-a", "fr-canicule-b", "en-quake-a", "en-quake-b", "fr-foot-b", "fr-greve-b"];
    for (const [round, group] of groups.entries()) {
      // Each round: four mutually matching copies of one story (exact, edited wire copy, copy with
      // a credit line, exact again) on four connections at once.
      const text = fixture(`${group}-orig`).text;
      const inputs = [
        copy(`${group}-orig`, `r${round}a`),
        copy(`${group}-copy1`, `r${round}b`),
        copy(`${group}-orig`, `r${round}c`, `${text}\n(Avec agences)`),
        copy(`${group}-orig`, `r${round}d`),
      ].map((input) => ({ ...input, title: undefined }));
      const decisions = await Promise.all(inputs.map((input, i) => replicas[i]?.decide(input, NOW)));
      const accepted = decisions.filter((d) => d?.kind === "accepted");
      expect(accepted, JSON.stringify(decisions)).toHaveLength(1);
      const clusters = new Set(decisions.map((d) => (d?.kind === "accepted" || d?.kind === "duplicate" ? d.clusterId : null)));
      expect(clusters.size).toBe(1);
    }
  });

  it("gives the same article decided twice at once one decision", async () => {
    const [a, b] = [worker(), worker()].map((c) => createDedupStore(c));
    const input = copy("en-quake-a-orig", "twice");
    const [x, y] = await Promise.all([a?.decide(input, NOW), b?.decide(input, NOW)]);
    expect(x).toEqual(y);
    const [row] = await sql`select count(*)::int as n from dedup_decisions where article_id = ${input.articleId}`;
    expect(row?.n).toBe(1);
  });
});

describe("fixture set through the store", () => {
  it("clusters the fixture articles with precision ≥ 0.95 and recall ≥ 0.90", async () => {
    const fresh = await createTestDatabase();
    const client = createSql({ url: fresh.url, role: "vigie_app", max: 1 });
    try {
      const ev = await evaluateStoreClusters(createDedupStore(client), fixtures, loadFixturePairs(), NOW);
      expect(ev.pairs).toBeGreaterThanOrEqual(60);
      expect(ev.precision, JSON.stringify(ev.errors)).toBeGreaterThanOrEqual(0.95);
      expect(ev.recall, JSON.stringify(ev.errors)).toBeGreaterThanOrEqual(0.9);
    } finally {
      await client.end();
      await fresh.drop();
    }
  });
});
