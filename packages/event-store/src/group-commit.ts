import type { Queryable } from "@vigie/db";
import { columns, toExpectedNumber, type EncodedEvent } from "./append-events.ts";
import { APPEND_GROUP_SQL } from "./append-statements.ts";
import type { AppendResult, AppendedEvent, ExpectedVersion } from "./types.ts";

export interface GroupCommitOptions {
  /**
   * Append statements in flight at once. Appends arriving while all are busy wait and leave
   * together in the next statement, so a group forms only under load and an append alone never
   * waits for company. @defaultValue 4
   */
  concurrency?: number;
  /** Most events in one grouped statement. @defaultValue 1000 */
  maxEvents?: number;
}

interface Pending {
  events: EncodedEvent[];
  expected: ExpectedVersion;
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
}

interface GroupRow {
  event_id: string;
  stream_version: number;
  global_position: string;
  tx_id: string;
}

/**
 * Group commit of concurrent appends: the appends queued while `concurrency` statements are in
 * flight go as one statement, one transaction, one WAL flush. Each keeps its own outcome: the
 * statement inserts an append's events only if its expected version holds, and an append it
 * did not write (a stale expected version; or any error of the statement: an id that exists, a
 * race with another writer, a refused payload) is then made alone through the ordinary path, which decides between success, an idempotent
 * retry and a typed error exactly as without grouping. Appends to one stream never share a
 * statement, so their order and their expected versions are checked one after the other.
 */
export class GroupCommit {
  readonly #concurrency: number;
  readonly #maxEvents: number;
  #queue: Pending[] = [];
  #inFlight = 0;

  constructor(
    private readonly sql: Queryable,
    private readonly alone: (events: EncodedEvent[], expected: ExpectedVersion) => Promise<AppendResult>,
    options: GroupCommitOptions = {},
  ) {
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#maxEvents = Math.max(1, options.maxEvents ?? 1000);
  }

  append(events: EncodedEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ events, expected, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#concurrency && this.#queue.length > 0) {
      const group = this.#take();
      this.#inFlight++;
      void this.#run(group).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  /** Takes queued appends in order, skipping (for the next group) any that shares a stream. */
  #take(): Pending[] {
    const group: Pending[] = [];
    const rest: Pending[] = [];
    const streams = new Set<string>();
    let events = 0;
    for (const pending of this.#queue) {
      const fits = group.length === 0 || (events + pending.events.length <= this.#maxEvents && !pending.events.some((e) => streams.has(e.streamId)));
      if (!fits) {
        rest.push(pending);
        continue;
      }
      group.push(pending);
      events += pending.events.length;
      for (const e of pending.events) streams.add(e.streamId);
    }
    this.#queue = rest;
    return group;
  }

  async #run(group: Pending[]): Promise<void> {
    const [only] = group;
    if (group.length === 1 && only) return this.#settleAlone(only);
    let rows: GroupRow[];
    try {
      rows = await this.sql.unsafe<GroupRow[]>(APPEND_GROUP_SQL, groupParams(group), { prepare: true });
    } catch {
      // Nothing was written, and the error names no culprit (a retried id, a race, a payload
      // Postgres refuses, a dropped connection): each append goes alone and meets its own fate,
      // so one caller's bad input never fails another's append.
      await Promise.all(group.map((pending) => this.#settleAlone(pending)));
      return;
    }
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const left: Pending[] = [];
    for (const pending of group) {
      const result = resultOf(pending.events, byId);
      if (result instanceof Error) pending.reject(result);
      else if (result) pending.resolve(result);
      else left.push(pending);
    }
    await Promise.all(left.map((pending) => this.#settleAlone(pending)));
  }

  async #settleAlone(pending: Pending): Promise<void> {
    try {
      pending.resolve(await this.alone(pending.events, pending.expected));
    } catch (err) {
      pending.reject(err);
    }
  }
}

/** The arrays of the grouped statement: the columns of every event, and its append's expected version. */
function groupParams(group: Pending[]): [...ReturnType<typeof columns>, (number | null)[]] {
  const expected = group.flatMap((p) => p.events.map(() => toExpectedNumber(p.expected)));
  return [...columns(group.flatMap((p) => p.events)), expected];
}

/** An append's result if the statement wrote all its events; null if it wrote none of them. */
function resultOf(events: EncodedEvent[], byId: Map<string, GroupRow>): AppendResult | null | Error {
  const appended: AppendedEvent[] = [];
  const streamVersions: Record<string, number> = {};
  for (const e of events) {
    const row = byId.get(e.eventId);
    if (!row) continue;
    appended.push({
      eventId: e.eventId,
      streamId: e.streamId,
      streamVersion: row.stream_version,
      globalPosition: Number(row.global_position),
      txId: String(row.tx_id),
      existed: false,
    });
    streamVersions[e.streamId] = Math.max(streamVersions[e.streamId] ?? 0, row.stream_version);
  }
  if (appended.length === 0) return null;
  // An append's events share its expected-version check, so they are written all or none.
  if (appended.length !== events.length) return new Error("group commit wrote part of an append");
  return { events: appended, streamVersions };
}
