import { Command, Option } from "commander";
import { parseQuery, searchArticles } from "@vigie/search";
import { withContext } from "../context.ts";
import { print } from "../output.ts";

/** `<mark>x</mark>` → `*x*`, HTML entities back to characters: snippets for a terminal. */
export function plainSnippet(html: string): string {
  return html
    .replace(/<\/?mark>/g, "*")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/\s+/g, " ")
    .trim();
}

const date = (value: string) => {
  if (Number.isNaN(Date.parse(value))) throw new Error(`not an ISO-8601 date: ${value}`);
  return new Date(value);
};

/** `vigie search "…"`: the search of `GET /v1/articles?q=`, straight from the read model. */
export function searchCommand(): Command {
  return new Command("search")
    .description('full-text search over articles: "a phrase", -excluded, a or b; French and English without accents (docs/search.md)')
    .argument("<query...>", "the query, in web-search syntax (quote it for the shell)")
    .option("--entity <id>", "only articles tagged with this entity id")
    .option("--feed <id>", "only articles of this feed")
    .option("--cluster <id>", "only articles of this cluster")
    .option("--lang <code>", "only articles in this language (fr also matches fr-FR)")
    .addOption(new Option("--since <iso>", "only articles discovered at or after this time").argParser(date))
    .addOption(new Option("--until <iso>", "only articles discovered before this time").argParser(date))
    .addOption(new Option("--limit <n>", "hits to print").argParser(Number).default(20))
    .addOption(new Option("--offset <n>", "hits to skip (next page)").argParser(Number).default(0))
    .option("--json", "print the hits as one JSON object")
    .action(
      async (
        words: string[],
        options: { entity?: string; feed?: string; cluster?: string; lang?: string; since?: Date; until?: Date; limit: number; offset: number; json?: boolean },
      ) => {
        const query = parseQuery(words.join(" "));
        await withContext(async (ctx) => {
          const { hits, candidates } = await searchArticles(ctx.sql, query, { ...options, limit: options.limit, offset: options.offset });
          const result = {
            query,
            rankedAmong: candidates,
            hits: hits.map((h) => ({
              articleId: h.article.article_id,
              url: h.article.url,
              title: h.article.title,
              language: h.article.language,
              feedId: h.article.feed_id,
              discoveredAt: h.article.discovered_at.toISOString(),
              rank: h.rank,
              snippet: h.snippet,
            })),
          };
          print(options, result, () =>
            hits.length === 0
              ? `no article matches ${JSON.stringify(query.text)}`
              : hits
                  .map(
                    (h, i) =>
                      `${String(options.offset + i + 1).padStart(3)}. ${plainSnippet(h.title) || h.article.url}\n     ${h.article.discovered_at.toISOString().slice(0, 16)}  ${h.article.language ?? "?"}  ${h.article.feed_id ?? ""}  ${h.article.url}\n     ${plainSnippet(h.snippet)}`,
                  )
                  .join("\n"),
          );
        });
      },
    );
}
