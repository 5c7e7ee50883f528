import { randomBytes } from "node:crypto";
import { loadConfig, type Config } from "@vigie/config";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { startPipeline, waitForIdle, type Pipeline } from "@vigie/cli/pipeline";
import { startFixtureSite, type FixtureSite, type FixtureSiteOptions } from "@vigie/fixture-site";
import { createLogger } from "@vigie/logger";
import { readAllEvents, type RecordedEvent } from "@vigie/event-store";
import { createRuntime, type Runtime } from "@vigie/runtime";
import { deleteKeys } from "@vigie/queue";

export interface E2E {
  db: TestDatabase;
  site: FixtureSite;
  config: Config;
  runtime: Runtime;
  start(): Pipeline;
  idle(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** A fresh database, a Redis prefix, the fixture site and a runtime pointed at all three. */
export async function createE2E(options: { site?: FixtureSiteOptions; config?: Partial<Config>; db?: TestDatabase } = {}): Promise<E2E> {
  const db = options.db ?? (await createTestDatabase());
  const site = await startFixtureSite({ slowMs: 5000, ...options.site });
  const config: Config = {
    ...loadConfig(),
    DATABASE_URL: db.url,
    REDIS_PREFIX: `vigie-e2e-${randomBytes(4).toString("hex")}`,
    HTTP_ALLOW_HOSTS: ["127.0.0.1"],
    FETCH_PER_HOST_PER_SECOND: 1000,
    HTTP_TIMEOUT_MS: 1500,
    HTTP_MAX_BYTES: 2 * 1024 * 1024,
    LOG_LEVEL: "silent",
    ...options.config,
  };
  const runtime = createRuntime(config, createLogger({ level: config.LOG_LEVEL }), {
    // The dispatcher, five projections and the watcher each hold a connection for their lock.
    poolSize: 12,
    jobOptions: { attempts: 3, backoff: { type: "exponential", delay: 100, jitter: 0.5 } },
  });
  const pipelines: Pipeline[] = [];
  return {
    db,
    site,
    config,
    runtime,
    start() {
      const p = startPipeline(runtime, { concurrency: 8 });
      pipelines.push(p);
      return p;
    },
    idle: (timeoutMs = 60_000) => waitForIdle(runtime, { timeoutMs, intervalMs: 150, stableChecks: 4 }),
    async close() {
      for (const p of pipelines) await p.stop().catch(() => {});
      await deleteKeys(runtime.redis, `${config.REDIS_PREFIX}:*`);
      await runtime.close();
      await site.close();
      await db.drop();
    },
  };
}

export interface StoryRow {
  stream_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export function toStoryRow(e: RecordedEvent): StoryRow {
  return { stream_id: e.streamId, event_type: e.type, payload: e.data as Record<string, unknown>, metadata: e.metadata };
}

/** Each stream's event types in version order. */
export async function stories(runtime: Runtime, prefix: string): Promise<Map<string, StoryRow[]>> {
  const rows = (await readAllEvents(runtime.sql, { streamPrefix: prefix, order: "stream" })).map(toStoryRow);
  const out = new Map<string, StoryRow[]>();
  for (const r of rows) out.set(r.stream_id, [...(out.get(r.stream_id) ?? []), r]);
  return out;
}

/** An article stream's event type, with the story stage's two outcomes as one: it starts a story or joins one, depending on what it saw first. */
export const storyDecision = (type: string): string => (type === "StoryStarted" || type === "ArticleJoinedStory" ? "story decision" : type);
