import postgres from "postgres";
import { Backoff, sleep } from "./backoff.ts";
import { comparePositions, decodeCursor, encodeCursor, readAll } from "@vigie/event-store";
import { toEvent } from "./event.ts";
import type { Page, ReadOptions, TailItem, Transport } from "./transport.ts";

export interface PostgresTransportOptions {
  /** A postgres.js client (the caller ends it), e.g. connected as `vigie_reader`. */
  sql?: postgres.Sql | undefined;
  /** Or a connection string: the transport opens (and closes) its own small pool. */
  url?: string | undefined;
  /** Poll interval bounds while caught up, in ms (doubling from min to max). @defaultValue 50 and 1000 */
  minPollMs?: number;
  maxPollMs?: number;
  /** A filtered page scans at most this many times `limit` rows. @defaultValue 20 */
  scanFactor?: number;
}

/** Reads the events table directly; needs only SELECT on it (the `vigie_reader` role). */
export class PostgresTransport implements Transport {
  readonly #sql: postgres.Sql;
  readonly #owned: boolean;
  readonly #minPoll: number;
  readonly #maxPoll: number;
  readonly #scanFactor: number;

  constructor(options: PostgresTransportOptions) {
    if (options.sql) {
      this.#sql = options.sql;
      this.#owned = false;
    } else if (options.url) {
      this.#sql = postgres(options.url, { max: 2, onnotice: () => {}, connection: { application_name: "vigie-client" } });
      this.#owned = true;
    } else throw new TypeError("PostgresTransport needs `sql` or `url`");
    this.#minPoll = options.minPollMs ?? 50;
    this.#maxPoll = options.maxPollMs ?? 1000;
    this.#scanFactor = options.scanFactor ?? 20;
  }

  /** One page of the gapless read of `@vigie/event-store` (docs/consuming-sql.md), with API cursors. */
  async readPage(after: string, options: ReadOptions & { limit: number }): Promise<Page> {
    const from = decodeCursor(after);
    const page = await readAll(this.#sql, from, { limit: options.limit, types: options.types, scanLimit: options.limit * this.#scanFactor });
    const events = page.events.map((e) =>
      toEvent({
        id: e.eventId,
        cursor: encodeCursor(e),
        type: e.type,
        streamId: e.streamId,
        streamVersion: e.streamVersion,
        globalPosition: e.globalPosition,
        schemaVersion: e.schemaVersion,
        recordedAt: e.recordedAt,
        metadata: e.metadata,
        data: e.data,
      }),
    );
    // An unmoved position keeps the caller's text, so a loop comparing cursors sees no change.
    return { events, next: comparePositions(page.next, from) === 0 ? after : encodeCursor(page.next), caughtUp: page.caughtUp };
  }

  async *tail(after: string, options: ReadOptions): AsyncIterable<TailItem> {
    let cursor = after;
    const idle = new Backoff({ initialMs: this.#minPoll, maxMs: this.#maxPoll });
    const failing = new Backoff({ initialMs: 250, maxMs: 30_000 });
    while (!options.signal?.aborted) {
      let page: Page;
      try {
        page = await this.readPage(cursor, { ...options, limit: 500 });
        failing.reset();
      } catch (err) {
        // A lost connection or a restarting server: postgres.js reconnects on the next query.
        if (!isTransient(err)) throw err;
        await sleep(failing.next(), options.signal);
        continue;
      }
      for (const event of page.events) yield { kind: "event", event };
      if (page.next !== cursor) {
        cursor = page.next;
        if (page.events.at(-1)?.cursor !== cursor) yield { kind: "cursor", cursor };
      }
      if (page.events.length > 0 || !page.caughtUp) idle.reset();
      if (page.caughtUp) await sleep(idle.next(), options.signal);
    }
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#sql.end({ timeout: 5 });
  }
}

/** Connection-level failures are retried; SQL errors (permissions, a missing table) are not. */
function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string") return true;
  return (
    code.startsWith("08") ||
    code === "57P01" ||
    code === "57P02" ||
    code === "57P03" ||
    code === "CONNECTION_CLOSED" ||
    code === "CONNECTION_ENDED" ||
    code === "CONNECT_TIMEOUT" ||
    code === "ECONNREFUSED" ||
    code === "ECONNRESET"
  );
}
