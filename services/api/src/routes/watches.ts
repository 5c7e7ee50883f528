import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { httpUrl, watchMatchesStreamId, WATCH_QUERY_MAX_CHARS } from "@vigie/contracts";
import type { Queryable } from "@vigie/db";
import { WrongExpectedVersionError, type EventStore } from "@vigie/event-store";
import type { Logger } from "@vigie/logger";
import { listWatchSummaries, readWatchSummary, watchJson, type WatchSummary as WatchRow } from "@vigie/projections";
import { changeWatch, createWatch, loadWatch, signingKeyOf, webhookSecret, WebhookTargetRefusedError, type Runtime } from "@vigie/runtime";
import { isLive, UnknownWatchError, type WatchDefinition, type WatchState } from "@vigie/streams";
import { z } from "zod";
import type { RequireScope } from "../auth/authenticate.ts";
import type { WakeHub } from "../events/wake-hub.ts";
import { ProblemError } from "../http/problem-error.ts";
import { problemResponses } from "../http/schemas.ts";
import { tailWatchMatches } from "./watch-matches-stream.ts";
import { toMatch, WatchMatch } from "./watch-match.ts";

export interface WatchesRoutesOptions {
  store: EventStore;
  /** Where the `watches` read model is read (the list and one watch). */
  sql: Queryable;
  config: Runtime["config"];
  logger: Logger;
  requireScope: RequireScope;
  hub: WakeHub;
}

const Criteria = {
  name: z.string().min(1).max(200).optional(),
  query: z
    .string()
    .min(1)
    .max(WATCH_QUERY_MAX_CHARS)
    .optional()
    .describe('Web-search syntax: words, "a phrase", -excluded, a or b. Case, accents and a plural s do not matter.'),
  entityIds: z.array(z.string().min(1).max(256)).max(100).optional().describe("Any of these entity ids (as tagged)"),
  languages: z.array(z.string().min(2).max(16)).max(20).optional().describe("Any of these languages (primary subtag compared: fr matches fr-CA)"),
  feedIds: z.array(z.string().min(1).max(128)).max(500).optional(),
  webhookUrl: httpUrl.optional().describe("HTTPS (or an allow-listed host); matches are POSTed there, signed (see docs/watches.md)"),
  delivery: z.enum(["each", "digest"]).optional().describe("each (default): one POST per match; digest: one POST per period with every new match"),
  digestSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .optional()
    .describe("Digest period (default 3600)"),
};

export const Watch = z
  .object({
    watchId: z.string(),
    owner: z.string().describe("Id of the API token that created the watch (`anonymous` without tokens, `cli` from the CLI)"),
    name: z.string().nullable(),
    query: z.string().nullable(),
    entityIds: z.array(z.string()),
    languages: z.array(z.string()),
    feedIds: z.array(z.string()),
    webhookUrl: z.string().nullable(),
    delivery: z.enum(["each", "digest"]),
    digestSeconds: z.number().int().nullable(),
    deliveryEnabled: z.boolean().describe("false after too many failed deliveries in a row; PATCH {enabled:true} re-enables"),
    consecutiveFailures: z.number().int(),
    lastError: z.string().nullable(),
    delivered: z.number().int().describe("Deliveries acknowledged by the webhook"),
    createdAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: "Watch" });

/** A watch as the `watches` read model holds it: the definition, its delivery health and its counters. */
export const WatchSummary = Watch.extend({
  matches: z.number().int().describe("Articles matched (one per article)"),
  failedAttempts: z.number().int().describe("Failed delivery attempts, all told"),
  lastMatchedAt: z.string().nullable(),
  lastDeliveredAt: z.string().nullable(),
  lastFailedAt: z.string().nullable(),
}).meta({ id: "WatchSummary" });

const WatchWithSecret = Watch.extend({ secret: z.string().describe("HMAC-SHA256 key of the `Vigie-Signature` header; shown on creation and rotation") }).meta({
  id: "WatchCreatedResponse",
});

const IdParams = z.strictObject({ id: z.uuid() });

const toWatch: (s: WatchState) => z.output<typeof Watch> = watchJson;

const fromRow = (r: WatchRow): z.output<typeof WatchSummary> => ({
  watchId: r.watchId,
  owner: r.owner,
  name: r.name,
  query: r.query,
  entityIds: r.entityIds,
  languages: r.languages,
  feedIds: r.feedIds,
  webhookUrl: r.webhookUrl,
  delivery: r.delivery,
  digestSeconds: r.digestSeconds,
  deliveryEnabled: r.deliveryEnabled,
  consecutiveFailures: r.consecutiveFailures,
  lastError: r.lastError,
  delivered: r.delivered,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  matches: r.matches,
  failedAttempts: r.failedAttempts,
  lastMatchedAt: r.lastMatchedAt?.toISOString() ?? null,
  lastDeliveredAt: r.lastDeliveredAt?.toISOString() ?? null,
  lastFailedAt: r.lastFailedAt?.toISOString() ?? null,
});

/** The owner a request acts as: its token id, or `anonymous` when the API runs without tokens. */
const ownerOf = (request: FastifyRequest): string => (request.auth.kind === "token" ? request.auth.tokenId : "anonymous");
const isAdmin = (request: FastifyRequest): boolean => request.auth.kind === "none" || (request.auth.kind === "token" && request.auth.scope === "admin");

function definitionOf(body: { [K in keyof typeof Criteria]?: z.output<(typeof Criteria)[K]> }, base?: WatchDefinition): WatchDefinition {
  const merged = { ...base, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) } as Partial<WatchDefinition>;
  const definition: WatchDefinition = {
    ...(merged.name === undefined ? {} : { name: merged.name }),
    ...(merged.query === undefined ? {} : { query: merged.query }),
    entityIds: merged.entityIds ?? [],
    languages: merged.languages ?? [],
    feedIds: merged.feedIds ?? [],
    ...(merged.webhookUrl === undefined ? {} : { webhookUrl: merged.webhookUrl }),
    delivery: merged.delivery ?? "each",
    ...(merged.digestSeconds === undefined ? {} : { digestSeconds: merged.digestSeconds }),
  };
  if (definition.query === undefined && definition.entityIds.length === 0)
    throw new ProblemError(400, "bad-request", "a watch needs a query or at least one entity id");
  return definition;
}

export const watchesRoutes: FastifyPluginAsync<WatchesRoutesOptions> = async (app, { store, sql, config, logger, requireScope, hub }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const commandOptions = { allowHosts: config.HTTP_ALLOW_HOSTS, producer: "api" };
  const secretOf = (s: WatchState) => webhookSecret(signingKeyOf(config), s.watchId, s.secretVersion);

  /** The watch if it is live and the request may see it (its owner, or an admin); 404 otherwise, so ids of others' watches are not revealed. */
  async function visible(request: FastifyRequest, watchId: string): Promise<WatchState> {
    const state = await loadWatch(store, watchId);
    if (!isLive(state) || (!isAdmin(request) && state.owner !== ownerOf(request))) throw new ProblemError(404, "not-found", "no such watch");
    return state;
  }

  /**
   * One watch from the read model. A watch created a moment ago may not be projected yet: then
   * it is folded from its streams, so that a client reading what it just created finds it.
   */
  async function summaryOf(request: FastifyRequest, watchId: string): Promise<z.output<typeof WatchSummary>> {
    const row = await readWatchSummary(sql, watchId);
    if (row) {
      if (row.status !== "active" || (!isAdmin(request) && row.owner !== ownerOf(request))) throw new ProblemError(404, "not-found", "no such watch");
      return fromRow(row);
    }
    const state = await visible(request, watchId);
    const matchesStream = watchMatchesStreamId(watchId);
    const matches = await store.streamVersion(matchesStream);
    const [last] = matches === 0 ? [] : await store.readStream(matchesStream, { fromVersion: matches, limit: 1 });
    return {
      ...toWatch(state),
      matches,
      failedAttempts: state.failedAttempts,
      lastMatchedAt: last?.recordedAt.toISOString() ?? null,
      lastDeliveredAt: state.lastDeliveredAt?.toISOString() ?? null,
      lastFailedAt: state.lastFailedAt?.toISOString() ?? null,
    };
  }

  const refused = (err: unknown): never => {
    if (err instanceof WebhookTargetRefusedError) throw new ProblemError(422, "webhook-refused", err.message, { reason: err.reason, url: err.url });
    if (err instanceof UnknownWatchError) throw new ProblemError(404, "not-found", "no such watch");
    if (err instanceof WrongExpectedVersionError) throw new ProblemError(409, "conflict", "the watch keeps changing; retry");
    throw err;
  };

  api.get(
    "/v1/watches",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "The watches of this token (every watch for an admin token), oldest first",
        description: "From the watches read model: a watch created or changed a moment ago may show after the projection's next page (well under a second).",
        tags: ["watches"],
        response: { 200: z.object({ watches: z.array(WatchSummary) }).meta({ id: "WatchList" }), ...problemResponses(401, 429) },
      },
    },
    async (request) => ({ watches: (await listWatchSummaries(sql, isAdmin(request) ? {} : { owner: ownerOf(request) })).map(fromRow) }),
  );

  api.post(
    "/v1/watches",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "Create a watch (appends WatchCreated); the token that creates it owns it",
        description: "Needs a query or an entity id. The response carries the webhook signing secret.",
        tags: ["watches"],
        body: z.strictObject(Criteria),
        response: { 201: WatchWithSecret, ...problemResponses(400, 401, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const state = await createWatch(store, ownerOf(request), definitionOf(request.body), commandOptions).catch(refused);
      return reply.code(201).send({ ...toWatch(state), secret: secretOf(state) });
    },
  );

  api.get(
    "/v1/watches/:id",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "One watch, its delivery health and its counters (from the watches read model)",
        tags: ["watches"],
        params: IdParams,
        response: { 200: WatchSummary, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => summaryOf(request, request.params.id),
  );

  api.patch(
    "/v1/watches/:id",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "Change a watch (WatchUpdated), rotate its secret, or re-enable its delivery (WatchDeliveryEnabled)",
        description: "Given fields replace the watch's; `webhookUrl: null` removes the webhook, `query: null` the query.",
        tags: ["watches"],
        params: IdParams,
        body: z
          .strictObject({
            ...Criteria,
            query: Criteria.query.unwrap().nullable().optional(),
            webhookUrl: Criteria.webhookUrl.unwrap().nullable().optional(),
            rotateSecret: z.boolean().optional().describe("Derive a new signing secret (returned as `secret`)"),
            enabled: z.literal(true).optional().describe("Re-enable a delivery disabled after failures"),
          })
          .refine((b) => Object.keys(b).length > 0, { message: "expected at least one field" }),
        response: {
          200: Watch.extend({ secret: z.string().optional(), events: z.array(z.string()) }).meta({ id: "WatchChange" }),
          ...problemResponses(400, 401, 404, 409, 422, 429),
        },
      },
    },
    async (request) => {
      const current = await visible(request, request.params.id);
      const { rotateSecret, enabled, query, webhookUrl, ...rest } = request.body;
      const events: string[] = [];
      let state = current;
      const base: WatchDefinition = { ...current.definition };
      if (query === null) delete base.query;
      if (webhookUrl === null) delete base.webhookUrl;
      const changesDefinition = Object.keys(rest).length > 0 || query !== undefined || webhookUrl !== undefined || rotateSecret === true;
      if (changesDefinition) {
        const definition = definitionOf({ ...rest, ...(query ? { query } : {}), ...(webhookUrl ? { webhookUrl } : {}) }, base);
        const result = await changeWatch(store, current.watchId, { type: "UpdateWatch", definition, rotateSecret }, commandOptions).catch(refused);
        state = result.state;
        if (result.event) events.push(result.event);
      }
      if (enabled) {
        const result = await changeWatch(store, current.watchId, { type: "EnableDelivery" }, commandOptions).catch(refused);
        state = result.state;
        if (result.event) events.push(result.event);
      }
      return { ...toWatch(state), ...(rotateSecret ? { secret: secretOf(state) } : {}), events };
    },
  );

  api.delete(
    "/v1/watches/:id",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "Delete a watch (WatchDeleted): no more matches or deliveries; its events stay",
        tags: ["watches"],
        params: IdParams,
        response: {
          200: z.object({ watchId: z.string(), event: z.string().nullable() }).meta({ id: "WatchDeletion" }),
          ...problemResponses(400, 401, 404, 409, 429),
        },
      },
    },
    async (request) => {
      const current = await visible(request, request.params.id);
      const { event } = await changeWatch(store, current.watchId, { type: "DeleteWatch" }, commandOptions).catch(refused);
      return { watchId: current.watchId, event };
    },
  );

  api.get(
    "/v1/watches/:id/matches",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "A watch's matches, oldest first (one per article)",
        tags: ["watches"],
        params: IdParams,
        querystring: z.strictObject({
          after: z.coerce.number().int().min(0).optional().describe("Version of the last match seen"),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
        response: {
          200: z.object({ matches: z.array(WatchMatch), next: z.number().int() }).meta({ id: "WatchMatchesPage" }),
          ...problemResponses(400, 401, 404, 429),
        },
      },
    },
    async (request) => {
      await visible(request, request.params.id);
      const after = request.query.after ?? 0;
      const events = await store.readStream(watchMatchesStreamId(request.params.id), { fromVersion: after + 1, limit: request.query.limit ?? 100 });
      return { matches: events.map(toMatch), next: events.at(-1)?.streamVersion ?? after };
    },
  );

  await app.register(tailWatchMatches, { store, logger, requireScope, hub, visible });
};
