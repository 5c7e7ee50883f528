import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { attention, bucketRange, MAX_BUCKETS, trendingEntities } from "@vigie/search";
import { z } from "zod";
import { ProblemError } from "../http/problem-error.ts";
import { limitParam, problemResponses, safeText } from "../http/schemas.ts";
import { searchQueryParam, type ReadModelRoutesOptions } from "./articles.ts";

const AttentionSeries = z
  .object({
    interval: z.enum(["hour", "day"]),
    by: z.enum(["language", "feed"]),
    from: z.string().describe("Start of the first bucket (`from` rounded down to the interval, UTC)"),
    to: z.string(),
    total: z.number().int(),
    keys: z.array(z.object({ key: z.string(), total: z.number().int() })).describe("Languages (`und`: unknown) or feed ids, most articles first"),
    buckets: z.array(z.object({ start: z.string(), total: z.number().int(), counts: z.record(z.string(), z.number().int()) })),
  })
  .meta({ id: "AttentionSeries" });

const TrendingList = z
  .object({
    window: z.string(),
    at: z.string().describe("End of the current window"),
    baselineWindows: z.number().int(),
    statistic: z.string(),
    entities: z.array(
      z.object({
        entityId: z.string(),
        name: z.string(),
        type: z.string(),
        count: z.number().int().describe("Articles mentioning it in the current window"),
        baselineMean: z.number(),
        baselineStd: z.number(),
        score: z.number().describe("(count − mean) / √(std² + mean + 1)"),
        series: z.array(z.number().int()).describe("Articles per window, oldest first; the last is the current window"),
      }),
    ),
  })
  .meta({ id: "TrendingEntities" });

const isoTime = z.iso.datetime({ offset: true });
const WINDOW = /^(\d{1,3})([hd])$/;

function windowSeconds(text: string): number {
  const match = WINDOW.exec(text);
  const seconds = match ? Number(match[1]) * (match[2] === "d" ? 86_400 : 3_600) : 0;
  if (seconds < 3_600 || seconds > 30 * 86_400) throw new ProblemError(400, "invalid-window", "`window` must be 1h to 30d, such as 6h, 24h or 7d");
  return seconds;
}

/** Attention over time and trending entities (docs/search.md). */
export const attentionRoutes: FastifyPluginAsync<ReadModelRoutesOptions> = async (app, { sql, requireScope }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    "/v1/attention",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "Article counts over time for a query or an entity, by language or feed",
        description: `Give \`q\` (web-search syntax, as on /v1/articles), \`entity\`, or both. Buckets by discovery time, UTC; at most ${MAX_BUCKETS} buckets.`,
        tags: ["search"],
        querystring: z.strictObject({
          q: z.string().min(1).max(500).optional(),
          entity: safeText(256).min(1).optional(),
          interval: z.enum(["hour", "day"]).default("day"),
          from: isoTime.optional().describe("Default: 7 days (interval=day: 30 days) before `to`"),
          to: isoTime.optional().describe("Exclusive. Default: now"),
          by: z.enum(["language", "feed"]).default("language"),
          feed: safeText(128).min(1).optional(),
          lang: z
            .string()
            .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})?$/, "expected a language code such as fr or en")
            .optional(),
        }),
        response: { 200: AttentionSeries, ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.q === undefined && q.entity === undefined) throw new ProblemError(400, "missing-subject", "give `q`, `entity`, or both");
      const to = q.to === undefined ? new Date() : new Date(q.to);
      const from = q.from === undefined ? new Date(to.getTime() - (q.interval === "day" ? 30 : 7) * 86_400_000) : new Date(q.from);
      if (from >= to) throw new ProblemError(400, "invalid-range", "`from` must be before `to`");
      if (bucketRange(q.interval, from, to).count > MAX_BUCKETS)
        throw new ProblemError(400, "invalid-range", `more than ${MAX_BUCKETS} buckets: shorten the range or use interval=day`);
      return attention(sql, {
        query: q.q === undefined ? undefined : searchQueryParam(q.q),
        entity: q.entity,
        feed: q.feed,
        lang: q.lang,
        interval: q.interval,
        from,
        to,
        by: q.by,
      });
    },
  );

  api.get(
    "/v1/entities/trending",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "Entities whose article count in the window rose most against their own baseline",
        description:
          "score = (x − μ) / √(σ² + μ + 1), where x is the number of articles mentioning the entity in the window and μ, σ the mean and standard deviation of its counts in the `baseline` windows of the same length before it (docs/search.md).",
        tags: ["entities", "search"],
        querystring: z.strictObject({
          window: z.string().max(8).default("24h").describe("1h to 30d, such as 6h, 24h, 7d"),
          at: isoTime.optional().describe("End of the current window. Default: now"),
          baseline: z
            .string()
            .regex(/^\d{1,2}$/)
            .optional()
            .transform((v) => (v === undefined ? 7 : Math.min(Math.max(Number(v), 1), 28)))
            .describe("Windows in the baseline, 1..28 (default 7)"),
          minCount: z
            .string()
            .regex(/^\d{1,6}$/)
            .optional()
            .transform((v) => (v === undefined ? 3 : Math.max(Number(v), 1)))
            .describe("Fewest articles in the window to be listed (default 3)"),
          limit: limitParam(100, 20),
        }),
        response: { 200: TrendingList, ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const seconds = windowSeconds(q.window);
      const at = q.at === undefined ? new Date() : new Date(q.at);
      const entities = await trendingEntities(sql, { windowSeconds: seconds, at, baselineWindows: q.baseline, minCount: q.minCount, limit: q.limit });
      return { window: q.window, at: at.toISOString(), baselineWindows: q.baseline, statistic: "(x − mean) / sqrt(std² + mean + 1)", entities };
    },
  );
};
