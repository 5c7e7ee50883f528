import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { listStories, readStory } from "@vigie/projections";
import { z } from "zod";
import { ProblemError } from "../http/problem-error.ts";
import { limitParam, problemResponses, safeText } from "../http/schemas.ts";
import type { ReadModelRoutesOptions } from "./articles.ts";

const StoryId = z.string().regex(/^[0-9a-f]{16}$/, "expected a 16-hex story id");

const StorySummary = z
  .object({
    storyId: z.string(),
    title: z.string().nullable().describe("The title of the article that started it"),
    startedAt: z.string(),
    lastArticleAt: z.string(),
    articleCount: z.number().int(),
    languages: z.array(z.string()),
    entities: z.array(z.object({ entityId: z.string(), name: z.string(), articles: z.number().int() })).describe("The entities most of its articles name"),
  })
  .meta({ id: "StorySummary" });

const StoryArticle = z
  .object({
    articleId: z.string(),
    url: z.string().nullable(),
    title: z.string().nullable(),
    feedId: z.string().nullable(),
    outlet: z.string().nullable().describe("The feed's name, else its URL's host"),
    language: z.string(),
    publishedAt: z.string(),
    score: z.number().describe("The decision's score (1 for the article that started the story)"),
    duplicates: z.array(z.object({ articleId: z.string(), url: z.string() })).describe("Copies of this article (dedup): they follow their original's story"),
  })
  .meta({ id: "StoryArticle" });

const StoryDetail = StorySummary.extend({
  mergedInto: z.string().nullable().describe("Set when the story was merged into another: follow it"),
  byLanguage: z.record(z.string(), z.array(StoryArticle)).describe("Articles by language, oldest first"),
  outlets: z.array(z.object({ outlet: z.string(), articles: z.number().int() })),
}).meta({ id: "StoryDetail" });

export const storiesRoutes: FastifyPluginAsync<ReadModelRoutesOptions> = async (app, { sql, requireScope }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    "/v1/stories",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "Stories (articles about one event, across outlets and languages), most recently active first",
        tags: ["stories"],
        querystring: z.strictObject({
          entity: safeText(256).min(1).optional().describe("Only stories with an article naming this entity id"),
          lang: z
            .string()
            .regex(/^[a-z]{2,3}$/, "expected a language code such as fr or en")
            .optional()
            .describe("Only stories with an article in this language"),
          since: z.iso.datetime({ offset: true }).optional().describe("Only stories with an article published at or after this time"),
          until: z.iso.datetime({ offset: true }).optional().describe("Only stories started at or before this time"),
          minArticles: z.coerce.number().int().min(1).max(10_000).default(1),
          limit: limitParam(200, 50),
        }),
        response: { 200: z.object({ stories: z.array(StorySummary) }).meta({ id: "StoryList" }), ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const stories = await listStories(sql, {
        entity: q.entity,
        language: q.lang,
        since: q.since === undefined ? undefined : new Date(q.since),
        until: q.until === undefined ? undefined : new Date(q.until),
        minArticles: q.minArticles,
        limit: q.limit,
      });
      return { stories };
    },
  );

  api.get(
    "/v1/stories/:id",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "A story with its articles by language and outlet (duplicates under their original)",
        tags: ["stories"],
        params: z.strictObject({ id: StoryId }),
        response: { 200: StoryDetail, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const story = await readStory(sql, request.params.id);
      if (!story) throw new ProblemError(404, "not-found", "no such story (or the read model has not caught up yet)");
      return story;
    },
  );
};
