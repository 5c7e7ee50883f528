import { createParser, type EventSourceMessage } from "eventsource-parser";
import { articleQueryString, type ArticlePage, type ArticleQuery } from "./articles.ts";
import { Backoff, sleep, type BackoffOptions } from "./backoff.ts";
import { toEvent, type EventEnvelope } from "./event.ts";
import { VigieHttpError } from "./errors/vigie-http-error.ts";
import type { Page, ReadOptions, TailItem, Transport } from "./transport.ts";

export interface HttpTransportOptions {
  /** Base URL of the vigie API, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** `vgt_…` token with the `read` scope. @defaultValue none (an API in anonymous mode) */
  token?: string | undefined;
  /** Reconnection and retry delays. @defaultValue 250 ms doubling to 30 s, with jitter */
  backoff?: BackoffOptions;
  /** Called before each reconnection or retry, e.g. to log it. */
  onRetry?: (info: { attempt: number; delayMs: number; err: unknown }) => void;
  /** `fetch` to use. @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

type WireEvent = Omit<EventEnvelope, "recordedAt"> & { recordedAt: string };

/** 408, 425, 429 and 5xx are worth retrying; other refusals are final. */
const retryable = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

/**
 * Reads the log through the HTTP API: pages of `GET /v1/events`, then the SSE live tail of
 * `GET /v1/events/stream`, resumed with `Last-Event-ID` after any disconnection.
 */
export class HttpTransport implements Transport {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #options: HttpTransportOptions;
  readonly #fetch: typeof fetch;

  constructor(options: HttpTransportOptions) {
    this.#base = options.url.replace(/\/+$/, "");
    this.#headers = options.token ? { authorization: `Bearer ${options.token}` } : {};
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  #query(after: string, types: readonly string[] | undefined, limit?: number): string {
    const q = new URLSearchParams();
    if (after !== "") q.set("after", after);
    if (limit !== undefined) q.set("limit", String(limit));
    if (types && types.length > 0) q.set("types", types.join(","));
    const text = q.toString();
    return text === "" ? "" : `?${text}`;
  }

  async #refusal(res: Response, url: string): Promise<VigieHttpError> {
    const text = await res.text().catch(() => "");
    let problem: VigieHttpError["problem"];
    try {
      problem = JSON.parse(text) as VigieHttpError["problem"];
    } catch {
      problem = undefined;
    }
    return new VigieHttpError(res.status, problem, url);
  }

  /** Runs `attempt` until it succeeds, backing off on network errors and retryable statuses. */
  async #retrying<T>(signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
    const backoff = new Backoff(this.#options.backoff);
    for (;;) {
      try {
        return await attempt();
      } catch (err) {
        if (err instanceof VigieHttpError && !retryable(err.status)) throw err;
        if (signal?.aborted) throw err;
        const delayMs = backoff.next();
        this.#options.onRetry?.({ attempt: backoff.attempts, delayMs, err });
        await sleep(delayMs, signal);
      }
    }
  }

  async readPage(after: string, options: ReadOptions & { limit: number }): Promise<Page> {
    const url = `${this.#base}/v1/events${this.#query(after, options.types, options.limit)}`;
    return this.#retrying(options.signal, async () => {
      const res = await this.#fetch(url, { headers: { ...this.#headers, accept: "application/json" }, signal: options.signal });
      if (!res.ok) throw await this.#refusal(res, url);
      const body = (await res.json()) as { events: WireEvent[]; next: string; caughtUp: boolean };
      return { events: body.events.map(fromWire), next: body.next, caughtUp: body.caughtUp };
    });
  }

  async listArticles(query: ArticleQuery, signal?: AbortSignal): Promise<ArticlePage> {
    const url = `${this.#base}/v1/articles${articleQueryString(query)}`;
    return this.#retrying(signal, async () => {
      const res = await this.#fetch(url, { headers: { ...this.#headers, accept: "application/json" }, signal });
      if (!res.ok) throw await this.#refusal(res, url);
      return (await res.json()) as ArticlePage;
    });
  }

  async *tail(after: string, options: ReadOptions): AsyncIterable<TailItem> {
    let cursor = after;
    const backoff = new Backoff(this.#options.backoff);
    const url = `${this.#base}/v1/events/stream${this.#query("", options.types)}`;
    while (!options.signal?.aborted) {
      let delivered = false;
      let ended: { reason?: string } | undefined;
      try {
        const headers: Record<string, string> = { ...this.#headers, accept: "text/event-stream" };
        if (cursor !== "") headers["last-event-id"] = cursor;
        const res = await this.#fetch(url, { headers, signal: options.signal });
        if (!res.ok || !res.body) throw await this.#refusal(res, url);
        let batch: EventSourceMessage[] = [];
        const parser = createParser({ onEvent: (m) => batch.push(m), maxBufferSize: 16 * 1024 * 1024 });
        const decoder = new TextDecoder();
        for await (const chunk of res.body) {
          parser.feed(decoder.decode(chunk, { stream: true }));
          const messages = batch;
          batch = [];
          for (const m of messages) {
            if (m.event === "heartbeat") {
              // Nothing to deliver, but the position moved past events the filter skipped.
              if (m.id) cursor = m.id;
              yield { kind: "cursor", cursor };
              continue;
            }
            if (m.event === "cursor") {
              // The server ends the stream (slow client, shutdown) and says where to resume.
              ended = JSON.parse(m.data) as { cursor: string; reason?: string };
              if (m.id) cursor = m.id;
              yield { kind: "cursor", cursor };
              continue;
            }
            const event = fromWire(JSON.parse(m.data) as WireEvent);
            cursor = m.id ?? event.cursor;
            delivered = true;
            backoff.reset();
            yield { kind: "event", event };
          }
        }
        if (ended?.reason === "slow-client") continue;
        throw new Error(ended ? `stream ended by the server (${ended.reason ?? "no reason"})` : "stream ended");
      } catch (err) {
        if (options.signal?.aborted) return;
        if (err instanceof VigieHttpError && !retryable(err.status)) throw err;
        if (delivered) backoff.reset();
        const delayMs = backoff.next();
        this.#options.onRetry?.({ attempt: backoff.attempts, delayMs, err });
        await sleep(delayMs, options.signal);
      }
    }
  }

  async close(): Promise<void> {}
}

function fromWire(e: WireEvent) {
  return toEvent({ ...e, recordedAt: new Date(e.recordedAt) });
}
