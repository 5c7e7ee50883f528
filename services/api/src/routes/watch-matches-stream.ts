import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { watchMatchesStreamId } from "@vigie/contracts";
import type { EventStore } from "@vigie/event-store";
import type { Logger } from "@vigie/logger";
import type { WatchState } from "@vigie/streams";
import { z } from "zod";
import type { RequireScope } from "../auth/authenticate.ts";
import type { WakeHub } from "../events/wake-hub.ts";
import { problemResponses } from "../http/schemas.ts";
import { toMatch } from "./watch-match.ts";

export interface WatchMatchesStreamOptions {
  store: EventStore;
  logger: Logger;
  requireScope: RequireScope;
  hub: WakeHub;
  visible: (request: FastifyRequest, watchId: string) => Promise<WatchState>;
  /** @defaultValue 15000 */
  heartbeatMs?: number;
}

/** SSE of one watch's matches: `id` is the match's version, so `Last-Event-ID` resumes after it. */
export const tailWatchMatches: FastifyPluginAsync<WatchMatchesStreamOptions> = async (app, options) => {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const shutdown = new AbortController();
  const active = new Set<Promise<void>>();
  app.addHook("preClose", async () => {
    shutdown.abort();
    await Promise.allSettled([...active]);
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    "/v1/watches/:id/stream",
    {
      preHandler: options.requireScope("read"),
      schema: {
        summary: "Live matches of one watch (Server-Sent Events)",
        description:
          "Each match is an SSE message of type `match` whose data is a `WatchMatch` and whose `id` is its version; reconnect with `Last-Event-ID` " +
          "(or `after`) to resume after it. A `heartbeat` comment is sent when nothing else was.",
        tags: ["watches"],
        params: z.strictObject({ id: z.uuid() }),
        querystring: z.strictObject({ after: z.coerce.number().int().min(0).optional() }),
        headers: z.object({
          "last-event-id": z
            .string()
            .regex(/^\d{1,10}$/)
            .optional(),
        }),
        response: {
          200: { description: "text/event-stream of `WatchMatch` messages", content: { "text/event-stream": { schema: z.string() } } },
          ...problemResponses(400, 401, 404, 429),
        },
      },
    },
    async (request, reply) => {
      await options.visible(request, request.params.id);
      const header = request.headers["last-event-id"];
      let version = header === undefined ? (request.query.after ?? 0) : Number(header);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.write(`retry: 2000\n: vigie watch ${request.params.id}\n\n`);
      const closed = new AbortController();
      res.once("close", () => closed.abort());
      const stop = AbortSignal.any([closed.signal, shutdown.signal]);
      const run = (async () => {
        let lastWrite = Date.now();
        while (!stop.aborted) {
          const seen = options.hub.generation;
          const events = await options.store.readStream(watchMatchesStreamId(request.params.id), { fromVersion: version + 1, limit: 500 });
          if (events.length > 0) {
            res.write(events.map((e) => `id: ${e.streamVersion}\nevent: match\ndata: ${JSON.stringify(toMatch(e))}\n\n`).join(""));
            version = events.at(-1)?.streamVersion ?? version;
            lastWrite = Date.now();
            if (events.length === 500) continue;
          } else if (Date.now() - lastWrite >= heartbeatMs) {
            res.write(": heartbeat\n\n");
            lastWrite = Date.now();
          }
          await options.hub.wait(seen, Math.min(1000, heartbeatMs), stop);
        }
        res.end();
      })()
        .catch((err: unknown) => {
          options.logger.error({ err }, "watch stream failed");
          res.destroy();
        })
        .finally(() => active.delete(run));
      active.add(run);
    },
  );
};
