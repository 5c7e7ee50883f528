import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { FastifyPluginAsync, preHandlerAsyncHookHandler } from "fastify";
import { listStories, listStoryOutlets } from "@vigie/projections";
import type { Runtime } from "@vigie/runtime";
import { attention, trendingEntities } from "@vigie/search";
import { problemBody, sendProblem } from "../http/problem.ts";
import { ProblemError } from "../http/problem-error.ts";
import { readOpsFigures } from "./ops-figures.ts";
import { OpsMetrics } from "./ops-metrics.ts";
import { renderDashboard } from "./render-dashboard.ts";

export { readOpsFigures, type OpsFigures, type Funnel, type FeedHealth, type NewestArticle, type ConsumerLag, type QueueFigures } from "./ops-figures.ts";

/** What `buildApp` hands to the operations routes. */
export interface OpsRoutesOptions {
  runtime: Runtime;
  /** preHandler that refuses requests whose token lacks the scope (401/403 problem+json). */
  requireScope: (scope: "read" | "admin") => preHandlerAsyncHookHandler;
}

/** Stories on the dashboard (the most recently active). */
const DASHBOARD_STORIES = 10;

/** Longest a readiness probe waits for Postgres or Redis. */
const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Operations routes: `/healthz` (the process answers), `/readyz` (Postgres and Redis answer),
 * `/metrics` (Prometheus, read scope), `/` (dashboard, read scope), `/admin/queues` (bull-board,
 * admin scope: it can retry and delete jobs).
 */
export const opsRoutes: FastifyPluginAsync<OpsRoutesOptions> = async (app, options) => {
  const { runtime, requireScope } = options;
  const metrics = new OpsMetrics(runtime.sql, runtime.queues);

  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));

  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    const probe = async (check: () => Promise<unknown>) => {
      try {
        await withTimeout(check(), PROBE_TIMEOUT_MS);
        return { ok: true } as const;
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) } as const;
      }
    };
    const [postgres, redis] = await Promise.all([probe(() => runtime.sql`select 1`), probe(() => runtime.redis.ping())]);
    const ready = postgres.ok && redis.ok;
    if (!ready) app.log.warn({ postgres, redis }, "not ready");
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "unavailable", postgres, redis });
  });

  app.get("/metrics", { schema: { hide: true }, preHandler: requireScope("read") }, async (_request, reply) => {
    const text = await metrics.scrape();
    return reply.type(metrics.registry.contentType).send(text);
  });

  app.get("/", { schema: { hide: true }, preHandler: requireScope("read") }, async (_request, reply) => {
    const now = new Date();
    const [figures, series, trending, stories] = await Promise.all([
      readOpsFigures(runtime.sql, runtime.queues),
      attention(runtime.sql, { interval: "hour", from: new Date(now.getTime() - 47 * 3_600_000), to: now, by: "language" }),
      trendingEntities(runtime.sql, { windowSeconds: 86_400, at: now, minCount: 2, limit: 12 }),
      listStories(runtime.sql, { limit: DASHBOARD_STORIES }),
    ]);
    const outlets = await listStoryOutlets(
      runtime.sql,
      stories.map((s) => s.storyId),
    );
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(
        renderDashboard(figures, now, {
          attention: series,
          trending,
          trendingWindow: "24h",
          stories: stories.map((s) => ({ ...s, outlets: outlets.get(s.storyId) ?? [] })),
        }),
      );
  });

  // bull-board in a child context: the admin check applies to its pages, assets and API alone.
  await app.register(async (admin) => {
    // bull-board installs its own error handler in its context, which would turn a thrown 401/403
    // into a 500: answer the refusal here instead of throwing it.
    const requireAdmin = requireScope("admin");
    admin.addHook("preHandler", async function (request, reply) {
      try {
        await requireAdmin.call(this, request, reply);
      } catch (err) {
        if (!(err instanceof ProblemError)) throw err;
        return sendProblem(reply, problemBody(err.status, err.slug, err.detail, request, err.extensions));
      }
      return undefined;
    });
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath("/admin/queues");
    createBullBoard({
      queues: Object.values(runtime.queues.byStage).map((q) => new BullMQAdapter(q)),
      serverAdapter,
      options: { uiConfig: { boardTitle: "vigie queues" } },
    });
    await admin.register(serverAdapter.registerPlugin(), { prefix: "/admin/queues" });
  });
};
