import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Runtime } from "@vigie/runtime";
import { hasActiveToken, TokenVerifier } from "./auth/api-tokens.ts";
import { createRequireScope, installAuthentication, type AuthMode } from "./auth/authenticate.ts";
import { WakeHub } from "./events/wake-hub.ts";
import { problemBody, installProblemHandlers } from "./http/problem.ts";
import { ProblemError } from "./http/problem-error.ts";
import { opsRoutes } from "./ops/index.ts";
import { articlesRoutes } from "./routes/articles.ts";
import { attentionRoutes } from "./routes/attention.ts";
import { storiesRoutes } from "./routes/stories.ts";
import { eventsStreamRoutes, type LiveTailOptions } from "./routes/events-stream.ts";
import { eventsRoutes } from "./routes/events.ts";
import { feedsRoutes, type FeedAdmin } from "./routes/feeds.ts";
import { watchesRoutes } from "./routes/watches.ts";

export interface AppDeps {
  /** Connections, config and logger; the app owns none of them and closes none. */
  runtime: Runtime;
  /** Feed registration and OPML (from `@vigie/feed-poller` and `@vigie/feeds`, wired by the CLI). */
  feeds: FeedAdmin;
  /**
   * `anonymous` lets requests without a token through; only safe on a loopback address.
   * @defaultValue `tokens` when an unrevoked token exists in `api_tokens`, else `anonymous`
   */
  authMode?: AuthMode | undefined;
  liveTail?: LiveTailOptions | undefined;
  /** @defaultValue config API_RATE_LIMIT_PER_MINUTE */
  rateLimitPerMinute?: number | undefined;
}

/** Longest request target accepted; longer ones are a 400 before any parsing. */
const MAX_URL_LENGTH = 4096;

/** Decides the auth mode from the tokens table (`vigie api` uses it to pick a safe host first). */
export async function authModeFor(runtime: Runtime): Promise<AuthMode> {
  return (await hasActiveToken(runtime.sql)) ? "tokens" : "anonymous";
}

/** Builds the HTTP API around an existing runtime. Nothing is module-global: build as many as needed. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { runtime } = deps;
  const config = runtime.config;
  const authMode = deps.authMode ?? (await authModeFor(runtime));
  const app = Fastify({
    loggerInstance: runtime.logger.child({ component: "api" }) as FastifyBaseLogger,
    // One line per request would dominate the logs of a paging client; errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 300 },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app);

  app.addHook("onRequest", async (request, reply) => {
    if (request.url.length > MAX_URL_LENGTH) {
      reply
        .code(400)
        .type("application/problem+json")
        .send(JSON.stringify(problemBody(400, "uri-too-long", "the request target is too long", request)));
      return reply;
    }
    return undefined;
  });

  const verifier = new TokenVerifier(runtime.sql, { pepper: config.API_TOKEN_SECRET });
  installAuthentication(app, verifier);
  const requireScope = createRequireScope(authMode);

  await app.register(cors, { origin: config.API_CORS_ORIGINS.length > 0 ? config.API_CORS_ORIGINS : false });
  await app.register(rateLimit, {
    max: deps.rateLimitPerMinute ?? config.API_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // After authentication, so the key is the token, not the address it comes from.
    hook: "preHandler",
    redis: runtime.redis,
    nameSpace: `${runtime.prefix}:api-rate:`,
    skipOnError: true,
    keyGenerator: (request) => (request.auth.kind === "token" ? `token:${request.auth.tokenId}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new ProblemError(429, "rate-limited", `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`),
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "vigie API",
        version: "1.0.0",
        description:
          "Read the vigie event log (pages and live tail), articles, entities, clusters; manage feeds and watches (saved queries with signed webhook alerts). Errors are RFC 9457 problem+json.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "`vgt_…` token from `vigie tokens create`" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const hub = new WakeHub(runtime.wake);
  app.addHook("onClose", async () => hub.close());

  // Log and article reads tolerate replica lag (cursors are gapless on a standby too); feeds stay
  // on the primary: they are written through this API and read back at once.
  await app.register(eventsRoutes, { sql: runtime.readSql, requireScope });
  await app.register(eventsStreamRoutes, { sql: runtime.readSql, logger: runtime.logger, requireScope, hub, liveTail: deps.liveTail });
  await app.register(articlesRoutes, { sql: runtime.readSql, requireScope });
  await app.register(attentionRoutes, { sql: runtime.sql, requireScope });
  await app.register(storiesRoutes, { sql: runtime.sql, requireScope });
  await app.register(feedsRoutes, { sql: runtime.sql, store: runtime.store, requireScope, feeds: deps.feeds });
  await app.register(watchesRoutes, { store: runtime.store, sql: runtime.readSql, config, logger: runtime.logger, requireScope, hub });
  await app.register(opsRoutes, { runtime, requireScope });

  if (authMode === "anonymous") app.log.warn({ authMode }, "no API token exists: requests need no token, listen on loopback only");
  return app;
}
