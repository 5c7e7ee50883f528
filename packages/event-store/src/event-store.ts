import type { Queryable } from "@vigie/db";
import { isEventType, latestVersion, validateEvent } from "@vigie/contracts";
import { appendEvents, streamVersion, type EncodedEvent } from "./append-events.ts";
import { EventTooLargeError } from "./errors/event-too-large-error.ts";
import { GroupCommit, type GroupCommitOptions } from "./group-commit.ts";
import { readAll, type ReadAllOptions, type ReadAllPage } from "./read-all.ts";
import { readStream } from "./read-stream.ts";
import { START, type AppendResult, type ExpectedVersion, type NewEvent, type NewStreamEvent, type Position, type RecordedEvent } from "./types.ts";

export interface EventStoreOptions {
  /** Validate payloads against `@vigie/contracts` before appending. @defaultValue true */
  validate?: boolean;
  /** Largest serialised payload accepted, in bytes. @defaultValue 1 MiB */
  maxPayloadBytes?: number;
  /** Retries of an append that raced a concurrent writer (only for `expectedVersion: 'any'`). @defaultValue 50 */
  maxRetries?: number;
  /**
   * Group commit: appends made while earlier ones are still in flight share one statement and
   * one transaction (each keeps its own outcome and guarantees; see docs/event-store.md). Only
   * for a pool client: never when `sql` is a transaction or a reserved connection, whose
   * appends must stay in that caller's transaction. @defaultValue off
   */
  groupCommit?: GroupCommitOptions;
  /**
   * Called after each append that wrote something, e.g. to publish a wake-up on Redis so
   * tailing consumers poll at once. Never NOTIFY: it serialises commits.
   */
  onAppended?: (result: AppendResult) => void;
}

/**
 * The append-only event log. Owns no connection: the caller passes a postgres.js client and
 * ends it. All methods are safe to call concurrently.
 */
export class EventStore {
  readonly #validate: boolean;
  readonly #maxPayloadBytes: number;
  readonly #maxRetries: number;
  readonly #onAppended: ((result: AppendResult) => void) | undefined;
  readonly #groups: GroupCommit | undefined;

  constructor(
    readonly sql: Queryable,
    options: EventStoreOptions = {},
  ) {
    this.#validate = options.validate ?? true;
    this.#maxPayloadBytes = options.maxPayloadBytes ?? 1024 * 1024;
    this.#maxRetries = options.maxRetries ?? 50;
    this.#onAppended = options.onAppended;
    const alone = (events: EncodedEvent[], expected: ExpectedVersion) => appendEvents(sql, events, expected, { maxRetries: this.#maxRetries });
    this.#groups = options.groupCommit ? new GroupCommit(sql, alone, options.groupCommit) : undefined;
  }

  /** Appends to one stream with an optimistic-concurrency check. */
  async appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion?: ExpectedVersion } = {}): Promise<AppendResult> {
    return this.#append(
      events.map((e) => ({ ...e, streamId })),
      options.expectedVersion ?? "any",
    );
  }

  /** Appends events to any streams, each after its stream's current head, in one statement. */
  async append(events: NewStreamEvent[]): Promise<AppendResult> {
    return this.#append(events, "any");
  }

  async #append(events: NewStreamEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (events.length === 0) return { events: [], streamVersions: {} };
    const ids = new Set<string>();
    const encoded: EncodedEvent[] = events.map((e) => {
      if (ids.has(e.eventId)) throw new Error(`event id ${e.eventId} appears twice in one append`);
      ids.add(e.eventId);
      const schemaVersion = e.schemaVersion ?? (isEventType(e.type) ? latestVersion(e.type) : 1);
      const data = this.#validate ? validateEvent(e.type, schemaVersion, e.data) : e.data;
      // Serialised once: the size check and the statement use the same text.
      const payload = JSON.stringify(data);
      const bytes = Buffer.byteLength(payload);
      if (bytes > this.#maxPayloadBytes) throw new EventTooLargeError(e.eventId, bytes, this.#maxPayloadBytes);
      return { eventId: e.eventId, streamId: e.streamId, type: e.type, schemaVersion, payload, metadata: e.metadata ? JSON.stringify(e.metadata) : "{}" };
    });
    const result = this.#groups
      ? await this.#groups.append(encoded, expected)
      : await appendEvents(this.sql, encoded, expected, { maxRetries: this.#maxRetries });
    if (this.#onAppended && result.events.some((e) => !e.existed)) this.#onAppended(result);
    return result;
  }

  /** One gapless page of the whole log after `after` (see `readAll`). @defaultValue limit 1000 */
  readAll(after: Position = START, options: Partial<ReadAllOptions> = {}): Promise<ReadAllPage> {
    return readAll(this.sql, after, { ...options, limit: options.limit ?? 1000 });
  }

  readStream(streamId: string, options: { fromVersion?: number; limit?: number } = {}): Promise<RecordedEvent[]> {
    return readStream(this.sql, streamId, options);
  }

  streamVersion(streamId: string): Promise<number> {
    return streamVersion(this.sql, streamId);
  }
}
