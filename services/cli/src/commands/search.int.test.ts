import { createSql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { runCli } from "../../test/run-cli.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainSnippet } from "./search.ts";

const vigie = (db: TestDatabase, args: string[]) => runCli(args, { DATABASE_URL: db.url, LOG_LEVEL: "silent" });

describe("vigie search (the CLI)", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    const sql = createSql({ url: db.url, max: 1 });
    // Read-model rows as the articles and search projections write them (same SQL functions).
    const rows = [
      ["a1", "fr", "Visite à l'Élysée", "Le président reçoit les syndicats à l'Élysée."],
      ["a2", "fr", "Réforme des retraites", "Les syndicats manifestent contre la réforme."],
      ["a3", "en", "Elysee palace", "The president met unions at the Elysee."],
    ] as const;
    for (const [key, lang, title, body] of rows) {
      const id = key.padStart(64, "0");
      await sql`insert into proj_articles (article_id, url, feed_id, title, language, status, discovered_at, updated_at)
                values (${id}, ${`https://news.example/${key}`}, 'f1', ${title}, ${lang}, 'tagged', now(), now())`;
      await sql`insert into proj_article_search (article_id, revision, config, title, lead, body, tsv, discovered_at, feed_id, language)
                select ${id}, 1, c, ${title}, null, ${body}, vigie_search_vector(c, ${title}, null, ${body}) || vigie_search_facets('f1', ${lang}, '{}') || vigie_search_day(now()), now(), 'f1', ${lang}
                from vigie_search_config(${lang}) c`;
    }
    await sql.end();
  });
  afterAll(async () => db?.drop());

  it("prints ranked hits with snippets as JSON, with filters", async () => {
    const res = await vigie(db, ["search", "elysee -retraites", "--lang", "fr", "--json"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { query: { terms: string[]; excluded: string[] }; hits: { url: string; snippet: string }[] };
    expect(out.query).toMatchObject({ terms: ["elysee"], excluded: ["retraites"] });
    expect(out.hits.map((h) => h.url)).toEqual(["https://news.example/a1"]);
    expect(out.hits[0]?.snippet).toContain("<mark>Élysée</mark>");
    const human = await vigie(db, ["search", "syndicats"]);
    expect(human.stdout).toMatch(/1\. .*\n.*\n.*\*syndicats\*/);
  });

  it("explains itself and refuses a query with nothing to find", async () => {
    const help = await vigie(db, ["search", "--help"]);
    expect(help.stdout).toContain("--json");
    expect(help.stdout).toContain("--entity");
    const bad = await vigie(db, ["search", "-x", "--json"]);
    expect(bad.code).not.toBe(0);
    const negated = await vigie(db, ["search", "--", "-retraites"]);
    expect(negated.code).toBe(1);
    expect(negated.stderr).toContain("not negated");
  });

  it("turns highlighted HTML into terminal text", () => {
    expect(plainSnippet("a &#60; <mark>b</mark>\n c")).toBe("a < *b* c");
  });
});
