import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { httpUrl, pinnedIntervalSeconds } from "@vigie/contracts";
import type { Sql } from "@vigie/db";
import { WrongExpectedVersionError, type EventStore } from "@vigie/event-store";
import { changeFeed, FeedTargetRefusedError, type RegisterFeedOptions } from "@vigie/runtime";
import { FeedRemovedError, UnknownFeedError, type FeedCommand } from "@vigie/streams";
import { z } from "zod";
import type { RequireScope } from "../auth/authenticate.ts";
import { ProblemError } from "../http/problem-error.ts";
import { problemResponses, safeText } from "../http/schemas.ts";

/** One feed outline of an OPML document. */
export interface OpmlOutline {
  xmlUrl: string;
  title?: string;
  htmlUrl?: string;
  categories?: string[];
}

/**
 * Feed registration and OPML, provided by the composition root (the CLI) from `@vigie/feed-poller`
 * and `@vigie/feeds`: a service never depends on another service.
 */
export interface FeedAdmin {
  /** Registers what a person asked for; throws `FeedTargetRefusedError` for a URL the fetcher would refuse (`addFeed` of `@vigie/runtime`). */
  register(url: string, options: Omit<RegisterFeedOptions, "producer">): Promise<{ feedId: string; created: boolean }>;
  parseOpml(xml: string): OpmlOutline[];
  toOpml(feeds: readonly OpmlOutline[]): string;
}

export interface FeedsRoutesOptions {
  sql: Sql;
  store: EventStore;
  requireScope: RequireScope;
  feeds: FeedAdmin;
}

export const Feed = z
  .object({
    feedId: z.string(),
    url: z.string(),
    title: z.string().nullable().describe("The name a person gave the feed, else the feed's own title"),
    feedTitle: z.string().nullable().describe("The feed's own title, from its last poll"),
    siteUrl: z.string().nullable(),
    language: z.string().nullable(),
    description: z.string().nullable(),
    categories: z.array(z.string()),
    pinnedIntervalSeconds: z.number().int().nullable().describe("Poll interval pinned by a person; null: adaptive"),
    status: z.enum(["active", "disabled", "removed"]),
    lastPolledAt: z.string().nullable(),
    lastError: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    itemsDiscovered: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: "Feed" });

const Categories = z.array(z.string().min(1).max(100)).max(50);

const FeedChanges = z
  .object({
    feedId: z.string(),
    event: z.string().nullable().describe("First event appended, or null when nothing changed"),
    events: z.array(z.string()).describe("Every event appended, in order"),
  })
  .meta({ id: "FeedChanges" });

const FeedChange = z
  .object({ feedId: z.string(), event: z.string().nullable().describe("Event appended, or null when the feed was already in that state") })
  .meta({ id: "FeedChange" });
const FeedIdParams = z.strictObject({ id: safeText(128).min(1) });

interface FeedRow {
  feed_id: string;
  url: string;
  title: string | null;
  feed_title: string | null;
  site_url: string | null;
  language: string | null;
  description: string | null;
  categories: string[];
  pinned_interval_seconds: number | null;
  status: "active" | "disabled" | "removed";
  last_polled_at: Date | null;
  last_error: string | null;
  consecutive_failures: number;
  items_discovered: string | number;
  updated_at: Date;
}

const toFeed = (r: FeedRow): z.output<typeof Feed> => ({
  feedId: r.feed_id,
  url: r.url,
  title: r.title ?? r.feed_title,
  feedTitle: r.feed_title,
  siteUrl: r.site_url,
  language: r.language,
  description: r.description,
  categories: r.categories,
  pinnedIntervalSeconds: r.pinned_interval_seconds,
  status: r.status,
  lastPolledAt: r.last_polled_at ? r.last_polled_at.toISOString() : null,
  lastError: r.last_error,
  consecutiveFailures: r.consecutive_failures,
  itemsDiscovered: Number(r.items_discovered),
  updatedAt: r.updated_at.toISOString(),
});

const OPML_TYPES = ["text/x-opml", "application/xml", "text/xml"];

export const feedsRoutes: FastifyPluginAsync<FeedsRoutesOptions> = async (app, { sql, store, requireScope, feeds }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser(OPML_TYPES, { parseAs: "string", bodyLimit: 5 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  /** Registration refused with the guard's reason, as a 422 problem document. */
  async function register(url: string, options: Omit<RegisterFeedOptions, "producer">): Promise<{ feedId: string; created: boolean }> {
    try {
      return await feeds.register(url, options);
    } catch (err) {
      if (err instanceof FeedTargetRefusedError) throw new ProblemError(422, "feed-refused", err.message, { reason: err.reason, url });
      throw err;
    }
  }

  /** Decided on the feed's own stream (`@vigie/streams`): the log, not the read model, decides. */
  async function change(feedId: string, command: Exclude<FeedCommand, { type: "RegisterFeed" }>): Promise<z.output<typeof FeedChange>> {
    try {
      return await changeFeed(store, feedId, command, "api");
    } catch (err) {
      if (err instanceof UnknownFeedError) throw new ProblemError(404, "not-found", "no such feed");
      if (err instanceof FeedRemovedError) throw new ProblemError(409, "feed-removed", "the feed was removed; register it again with POST /v1/feeds");
      if (err instanceof WrongExpectedVersionError) throw new ProblemError(409, "conflict", "the feed keeps changing; retry");
      throw err;
    }
  }

  api.get(
    "/v1/feeds",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "Feeds with their health (from the feeds read model)",
        tags: ["feeds"],
        querystring: z.strictObject({ status: z.enum(["active", "disabled", "removed"]).optional() }),
        response: { 200: z.object({ feeds: z.array(Feed) }).meta({ id: "FeedList" }), ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const status = request.query.status;
      const rows = await sql<FeedRow[]>`
        select * from proj_feeds ${status === undefined ? sql`` : sql`where status = ${status}`} order by feed_id limit 10000`;
      return { feeds: rows.map(toFeed) };
    },
  );

  api.post(
    "/v1/feeds",
    {
      preHandler: requireScope("admin"),
      schema: {
        summary: "Register a feed (appends FeedRegistered; idempotent on the canonical URL)",
        tags: ["feeds"],
        body: z.strictObject({
          url: httpUrl,
          title: z.string().min(1).max(1000).optional(),
          categories: Categories.optional(),
          intervalSeconds: pinnedIntervalSeconds.optional().describe("Pin the poll interval (seconds) instead of the adaptive schedule"),
        }),
        response: {
          201: z.object({ feedId: z.string(), url: z.string(), created: z.boolean() }).meta({ id: "FeedRegistration" }),
          200: z.object({ feedId: z.string(), url: z.string(), created: z.boolean() }),
          ...problemResponses(400, 401, 403, 415, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const { url, title, categories, intervalSeconds } = request.body;
      const result = await register(url, { title, categories, intervalSeconds });
      return reply.code(result.created ? 201 : 200).send({ ...result, url });
    },
  );

  api.patch(
    "/v1/feeds/:id",
    {
      preHandler: requireScope("admin"),
      schema: {
        summary: "Change a feed: enable or disable it, name it, set its categories, pin its interval (one event per change)",
        tags: ["feeds"],
        params: FeedIdParams,
        body: z
          .strictObject({
            enabled: z.boolean().optional(),
            title: z.string().min(1).max(1000).nullable().optional().describe("null: show the feed's own title again"),
            categories: Categories.optional().describe("Replaces the feed's categories"),
            intervalSeconds: pinnedIntervalSeconds.nullable().optional().describe("null: back to the adaptive schedule"),
          })
          .refine((b) => Object.keys(b).length > 0, { message: "expected at least one of enabled, title, categories, intervalSeconds" }),
        response: { 200: FeedChanges, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const { enabled, title, categories, intervalSeconds } = request.body;
      const id = request.params.id;
      const events: string[] = [];
      const run = async (command: Exclude<FeedCommand, { type: "RegisterFeed" }>) => {
        const { event } = await change(id, command);
        if (event) events.push(event);
      };
      if (title !== undefined) await run({ type: "RenameFeed", title: title ?? undefined });
      if (categories !== undefined) await run({ type: "CategorizeFeed", categories });
      if (intervalSeconds !== undefined) await run({ type: "PinFeedInterval", seconds: intervalSeconds ?? undefined });
      if (enabled !== undefined) await run({ type: enabled ? "EnableFeed" : "DisableFeed" });
      return { feedId: id, event: events[0] ?? null, events };
    },
  );

  api.delete(
    "/v1/feeds/:id",
    {
      preHandler: requireScope("admin"),
      schema: {
        summary: "Stop polling a feed (appends FeedRemoved; its events stay)",
        tags: ["feeds"],
        params: FeedIdParams,
        response: { 200: FeedChange, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => change(request.params.id, { type: "RemoveFeed" }),
  );

  api.get(
    "/v1/feeds.opml",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "Export the feeds that are not removed as OPML 2.0",
        tags: ["feeds"],
        response: { 200: { description: "OPML 2.0 document", content: { "text/x-opml": { schema: z.string() } } }, ...problemResponses(401, 429) },
      },
    },
    async (_request, reply) => {
      const rows = await sql<{ url: string; title: string | null; site_url: string | null; categories: string[] }[]>`
        select url, coalesce(title, feed_title) as title, site_url, categories from proj_feeds where status <> 'removed' order by feed_id`;
      const xml = feeds.toOpml(
        rows.map((r) => ({ xmlUrl: r.url, ...(r.title ? { title: r.title } : {}), ...(r.site_url ? { htmlUrl: r.site_url } : {}), categories: r.categories })),
      );
      return reply.type("text/x-opml; charset=utf-8").send(xml);
    },
  );

  api.post(
    "/v1/feeds.opml",
    {
      preHandler: requireScope("admin"),
      schema: {
        summary: "Import an OPML document: registers every feed outline (idempotent)",
        tags: ["feeds"],
        body: z.string().max(5 * 1024 * 1024),
        response: {
          200: z.object({
            imported: z.number().int(),
            created: z.number().int(),
            feeds: z.array(z.object({ feedId: z.string(), url: z.string(), created: z.boolean() })),
            refused: z.array(z.object({ url: z.string(), reason: z.string(), detail: z.string() })).describe("Outlines not imported, each with why"),
          }),
          ...problemResponses(400, 401, 403, 413, 415, 429),
        },
      },
    },
    async (request) => {
      let outlines: OpmlOutline[];
      try {
        outlines = feeds.parseOpml(request.body);
      } catch {
        throw new ProblemError(400, "invalid-opml", "the body is not an OPML document");
      }
      const results: { feedId: string; url: string; created: boolean }[] = [];
      const refused: { url: string; reason: string; detail: string }[] = [];
      for (const outline of outlines.slice(0, 10_000)) {
        const url = outline.xmlUrl.slice(0, 8192);
        if (!httpUrl.safeParse(url).success) {
          refused.push({ url, reason: "bad-url", detail: "not an absolute http(s) URL" });
          continue;
        }
        try {
          const r = await feeds.register(url, { ...(outline.title ? { title: outline.title.slice(0, 1000) } : {}), categories: outline.categories });
          results.push({ ...r, url });
        } catch (err) {
          if (!(err instanceof FeedTargetRefusedError)) throw err;
          refused.push({ url, reason: err.reason, detail: err.message });
        }
      }
      return { imported: results.length, created: results.filter((r) => r.created).length, feeds: results, refused };
    },
  );
};
