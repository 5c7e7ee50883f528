import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Sql } from "@vigie/db";
import { decodeCursor, encodeCursor, readAllJson, type Position, type ReadFilter } from "@vigie/event-store";
import type { Logger } from "@vigie/logger";
import { z } from "zod";
import type { RequireScope } from "../auth/authenticate.ts";
import type { WakeHub } from "../events/wake-hub.ts";
import { ProblemError } from "../http/problem-error.ts";
import { problemResponses, streamParam, envelopeJson, typesParam } from "../http/schemas.ts";

/** Live-tail tuning. Every field has a default suited to a local deployment. */
export interface LiveTailOptions {
  /** Comment + `id:` line sent when nothing else was, so proxies keep the connection and the client's cursor advances past filtered events. @defaultValue 15000 */
  heartbeatMs?: number;
  /** Re-read this often while caught up even without a wake-up (a commit whose wake was missed, a long transaction ending). @defaultValue 500 */
  pollMs?: number;
  /** A client whose socket does not drain for this long is sent its cursor and disconnected. @defaultValue 5000 */
  slowClientMs?: number;
  /** Events read (and written) per round; with `slowClientMs` this bounds what one client can hold in memory. @defaultValue 500 */
  pageSize?: number;
  /** Concurrent streams per process; more get 503. @defaultValue 200 */
  maxClients?: number;
}

export interface EventsStreamRoutesOptions {
  sql: Sql;
  logger: Logger;
  requireScope: RequireScope;
  hub: WakeHub;
  liveTail?: LiveTailOptions | undefined;
}

export const StreamQuery = z.strictObject({
  after: z.string().max(64).optional().describe("Start after this cursor; the `Last-Event-ID` header takes precedence (reconnection)"),
  types: typesParam.optional(),
  stream: streamParam.optional(),
});

/** Why the server ended a stream; sent as the data of the final `cursor` event. */
export type StreamEndReason = "slow-client" | "shutdown";

function frame(id: string, event: string, data: string): string {
  return `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;
}

/** Waits for 'drain' up to `ms`; false when the socket stayed full (or closed). */
function drained(res: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

export const eventsStreamRoutes: FastifyPluginAsync<EventsStreamRoutesOptions> = async (app, options) => {
  const heartbeatMs = options.liveTail?.heartbeatMs ?? 15_000;
  const pollMs = options.liveTail?.pollMs ?? 500;
  const slowClientMs = options.liveTail?.slowClientMs ?? 5000;
  const pageSize = options.liveTail?.pageSize ?? 500;
  const maxClients = options.liveTail?.maxClients ?? 200;
  const shutdown = new AbortController();
  const active = new Set<Promise<void>>();

  // Before the server stops accepting: end every stream with its cursor so clients resume elsewhere.
  app.addHook("preClose", async () => {
    shutdown.abort();
    await Promise.allSettled([...active]);
  });

  async function tail(res: ServerResponse, start: Position, filter: ReadFilter): Promise<void> {
    let cursor = start;
    let lastWrite = Date.now();
    const closed = new AbortController();
    res.once("close", () => closed.abort());
    const stop = AbortSignal.any([closed.signal, shutdown.signal]);
    const end = (reason: StreamEndReason) => {
      const id = encodeCursor(cursor);
      res.end(frame(id, "cursor", JSON.stringify({ cursor: id, reason })));
      // The buffered events and this last frame are delivered if the client reads again soon; one
      // that never reads would keep the socket (and its bounded buffer) forever.
      setTimeout(() => res.destroy(), slowClientMs * 10).unref();
    };
    res.write(`retry: 2000\n: vigie live tail\n\n`);
    while (!stop.aborted) {
      const seen = options.hub.generation;
      const page = await readAllJson(options.sql, cursor, { ...filter, limit: pageSize });
      if (stop.aborted) break;
      let chunk = "";
      for (const event of page.events) {
        const cursor = encodeCursor({ txId: event.txId, globalPosition: event.globalPosition });
        chunk += frame(cursor, event.type, envelopeJson(event, cursor));
      }
      cursor = page.next;
      if (chunk.length > 0) {
        lastWrite = Date.now();
        if (!res.write(chunk) && !(await drained(res, slowClientMs))) {
          if (!closed.signal.aborted) {
            options.logger.warn({ cursor: encodeCursor(cursor), bufferedBytes: res.writableLength }, "live-tail client too slow, disconnected with its cursor");
            end("slow-client");
          }
          return;
        }
      }
      if (!page.caughtUp) continue;
      const sinceWrite = Date.now() - lastWrite;
      if (sinceWrite >= heartbeatMs) {
        lastWrite = Date.now();
        // A real event (not a comment) so that SSE parsers which only surface dispatched events
        // still see the cursor move past filtered-out events.
        const at = encodeCursor(cursor);
        res.write(`event: heartbeat\nid: ${at}\ndata: {"cursor":"${at}"}\n\n`);
      }
      await options.hub.wait(seen, Math.min(pollMs, Math.max(1, heartbeatMs - (Date.now() - lastWrite))), stop);
    }
    if (shutdown.signal.aborted && !closed.signal.aborted) end("shutdown");
  }

  app.withTypeProvider<ZodTypeProvider>().get(
    "/v1/events/stream",
    {
      preHandler: options.requireScope("read"),
      schema: {
        summary: "Live tail of the event log (Server-Sent Events)",
        description:
          "Same order and filters as `/v1/events`. Each event is an SSE message whose `id` is its cursor and whose `event` is its type; " +
          "reconnecting with `Last-Event-ID` resumes after it with nothing missed or repeated. Heartbeat comments carry an `id:` line so the " +
          "resume point also moves past filtered events. A client that does not read fast enough receives a final `cursor` event " +
          '(`{"cursor","reason":"slow-client"}`) and is disconnected; resume from that cursor.',
        tags: ["events"],
        querystring: StreamQuery,
        headers: z.object({ "last-event-id": z.string().max(64).optional() }),
        response: {
          200: { description: "text/event-stream of `Event` messages", content: { "text/event-stream": { schema: z.string() } } },
          ...problemResponses(400, 401, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const start = decodeCursor(request.headers["last-event-id"] ?? request.query.after);
      if (active.size >= maxClients) throw new ProblemError(503, "too-many-streams", "too many live-tail clients; retry later");
      if (shutdown.signal.aborted) throw new ProblemError(503, "shutting-down", "the server is shutting down");
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        // CORS and rate-limit headers set by hooks before the hijack.
        ...(Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, v]) => v !== undefined)) as OutgoingHttpHeaders),
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.flushHeaders();
      const run = tail(res, start, { types: request.query.types, stream: request.query.stream })
        .catch((err: unknown) => {
          options.logger.error({ err }, "live tail failed");
          res.destroy();
        })
        .finally(() => active.delete(run));
      active.add(run);
    },
  );
};
