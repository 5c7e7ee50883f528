import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { httpUrl } from "@vigie/contracts";
import type { Sql } from "@vigie/db";
import { WrongExpectedVersionError, type EventStore } from "@vigie/event-store";
import { changeFeed } from "@vigie/runtime";
import { FeedRemovedError, UnknownFeedError } from "@vigie/streams";
import { z } from "zod";
import type { RequireScope } from "../auth/authenticate.ts";
import { ProblemError } from "../http/problem-error.ts";
import { problemResponses, safeText } from "../http/schemas.ts";

/** One feed outline of an OPML document. */
export interface OpmlOutline {
  xmlUrl: string;
  title?: string;
}

/**
 * Feed registration and OPML, provided by the composition root (the CLI) from `@vigie/feed-poller`
 * and `@vigie/feeds`: a service never depends on another service.
 */
export interface FeedAdmin {
  register(url: string, options: { title?: string }): Promise<{ feedId: string; created: boolean }>;
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
    title: z.string().nullable(),
    status: z.enum(["active", "disabled", "removed"]),
    lastPolledAt: z.string().nullable(),
    lastError: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    itemsDiscovered: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: "Feed" });

const FeedChange = z.object({ feedId: z.string(), event: z.string().nullable().describe("Event appended, or null when the feed was already in that state") }).meta({ id: "FeedChange" });
const FeedIdParams = z.strictObject({ id: safeText(128).min(1) });

interface FeedRow {
  feed_id: string;
  url: string;
  title: string | null;
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
  title: r.title,
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

  /** Decided on the feed's own stream (`@vigie/streams`): the log, not the read model, decides. */
  async function change(feedId: string, command: "EnableFeed" | "DisableFeed" | "RemoveFeed"): Promise<z.output<typeof FeedChange>> {
    try {
      return await changeFeed(store, feedId, { type: command }, "api");
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
        body: z.strictObject({ url: httpUrl, title: z.string().min(1).max(1000).optional() }),
        response: {
          201: z.object({ feedId: z.string(), url: z.string(), created: z.boolean() }).meta({ id: "FeedRegistration" }),
          200: z.object({ feedId: z.string(), url: z.string(), created: z.boolean() }),
          ...problemResponses(400, 401, 403, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const { url, title } = request.body;
      const result = await feeds.register(url, title === undefined ? {} : { title });
      return reply.code(result.created ? 201 : 200).send({ ...result, url });
    },
  );

  api.patch(
    "/v1/feeds/:id",
    {
      preHandler: requireScope("admin"),
      schema: {
        summary: "Enable or disable a feed (appends FeedEnabled / FeedDisabled)",
        tags: ["feeds"],
        params: FeedIdParams,
        body: z.strictObject({ enabled: z.boolean() }),
        response: { 200: FeedChange, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => change(request.params.id, request.body.enabled ? "EnableFeed" : "DisableFeed"),
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
    async (request) => change(request.params.id, "RemoveFeed"),
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
      const rows = await sql<{ url: string; title: string | null }[]>`select url, title from proj_feeds where status <> 'removed' order by feed_id`;
      const xml = feeds.toOpml(rows.map((r) => ({ xmlUrl: r.url, ...(r.title ? { title: r.title } : {}) })));
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
          200: z.object({ imported: z.number().int(), created: z.number().int(), feeds: z.array(z.object({ feedId: z.string(), url: z.string(), created: z.boolean() })) }),
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
      const valid = outlines.filter((o) => httpUrl.safeParse(o.xmlUrl).success).slice(0, 10_000);
      const results: { feedId: string; url: string; created: boolean }[] = [];
      for (const outline of valid) {
        const r = await feeds.register(outline.xmlUrl, outline.title ? { title: outline.title.slice(0, 1000) } : {});
        results.push({ ...r, url: outline.xmlUrl });
      }
      return { imported: results.length, created: results.filter((r) => r.created).length, feeds: results };
    },
  );
};
