import { Command, Option } from "commander";
import { listStories, readStory } from "@vigie/projections";
import { withContext } from "../context.ts";
import { print } from "../output.ts";

const date = (value: string): Date => {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`not an ISO-8601 date: ${JSON.stringify(value)}`);
  return d;
};

function listCommand(): Command {
  return new Command("list")
    .description("stories, most recently active first (from the stories projection)")
    .option("--entity <id>", "only stories with an article naming this entity id")
    .option("--lang <code>", "only stories with an article in this language (fr, en…)")
    .addOption(new Option("--since <iso>", "only stories with an article published at or after this time").argParser(date))
    .addOption(new Option("--until <iso>", "only stories started at or before this time").argParser(date))
    .addOption(new Option("--min-articles <n>", "only stories with at least n articles").argParser((v) => Number.parseInt(v, 10)).default(1))
    .addOption(new Option("--limit <n>", "at most n stories").argParser((v) => Number.parseInt(v, 10)).default(50))
    .option("--json", "print the stories as JSON")
    .action(async (options: { entity?: string; lang?: string; since?: Date; until?: Date; minArticles: number; limit: number; json?: boolean }) => {
      await withContext(async (ctx) => {
        const stories = await listStories(ctx.sql, {
          entity: options.entity,
          language: options.lang,
          since: options.since,
          until: options.until,
          minArticles: options.minArticles,
          limit: Math.min(1000, options.limit),
        });
        print(options, { stories }, () =>
          stories.length === 0
            ? "no stories"
            : stories
                .map(
                  (s) =>
                    `${s.storyId}  ${String(s.articleCount).padStart(4)} art.  ${s.languages.join(",").padEnd(5)}  ${s.lastArticleAt.slice(0, 16)}  ${s.title ?? "(untitled)"}`,
                )
                .join("\n"),
        );
      });
    });
}

function showCommand(): Command {
  return new Command("show")
    .description("one story: its articles by language and outlet")
    .argument("<storyId>", "16-hex story id")
    .option("--json", "print the story as JSON")
    .action(async (storyId: string, options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const story = await readStory(ctx.sql, storyId);
        if (!story) throw new Error(`no story ${JSON.stringify(storyId)}`);
        print(options, story, () =>
          [
            `${story.storyId}  ${story.title ?? "(untitled)"}${story.mergedInto ? `  (merged into ${story.mergedInto})` : ""}`,
            `${story.articleCount} articles, ${story.startedAt.slice(0, 16)} → ${story.lastArticleAt.slice(0, 16)}; outlets: ${story.outlets.map((o) => `${o.outlet} (${o.articles})`).join(", ")}`,
            ...Object.entries(story.byLanguage).flatMap(([lang, articles]) => [
              `[${lang}]`,
              ...articles.map((a) => `  ${a.publishedAt.slice(0, 16)}  ${a.score.toFixed(2)}  ${a.outlet ?? ""}  ${a.title ?? a.url ?? a.articleId}`),
            ]),
          ].join("\n"),
        );
      });
    });
}

export function storiesCommand(): Command {
  return new Command("stories")
    .description("stories: the articles about one event, across outlets and languages")
    .addCommand(listCommand())
    .addCommand(showCommand());
}
