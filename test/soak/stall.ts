import { readdirSync, readFileSync } from "node:fs";

/** What the stall watch sees at each sample. */
export interface StallObservation {
  /** Wall clock, ms. */
  atMs: number;
  /** Articles with a final outcome so far. */
  done: number;
  /** Articles the site has published so far. */
  published: number;
  /**
   * Of the time since the previous observation, how long the pipeline's processes were runnable
   * but not running (CPU taken by others), in ms; at most the interval.
   */
  starvedMs: number;
}

export interface StallWatchOptions {
  /** Time without progress, CPU starvation deducted, after which the run is stalled. */
  stallMs: number;
  /** Wall time without progress after which the run is stalled whatever the starvation. */
  wallCapMs: number;
}

/**
 * Fails a soak run whose pipeline completes nothing while articles keep being published. Only
 * the time the pipeline could have run counts: an interval in which its processes waited for a
 * CPU held by other programs is deducted, so a starved machine does not read as a stall. An idle
 * pipeline (jobs scheduled an hour away, a process stopped or deadlocked) waits for no CPU, so it
 * is still caught after `stallMs`; and `wallCapMs` bounds how long starvation can excuse it.
 */
export class StallWatch {
  private progress: { done: number; published: number; atMs: number } | undefined;
  private last: number | undefined;
  /** No-progress time so far, starvation deducted. */
  private effectiveMs = 0;
  private starvedMs = 0;

  constructor(private readonly options: StallWatchOptions) {}

  /** Feeds one observation; returns the reason when the run is stalled. */
  observe(o: StallObservation): string | undefined {
    const dt = this.last === undefined ? 0 : Math.max(0, o.atMs - this.last);
    this.last = o.atMs;
    if (this.progress === undefined || o.done > this.progress.done) {
      this.progress = { done: o.done, published: o.published, atMs: o.atMs };
      this.effectiveMs = 0;
      this.starvedMs = 0;
      return undefined;
    }
    if (o.published <= this.progress.published) return undefined;
    const starved = Math.min(dt, Math.max(0, o.starvedMs));
    this.effectiveMs += dt - starved;
    this.starvedMs += starved;
    const wallMs = o.atMs - this.progress.atMs;
    if (this.effectiveMs < this.options.stallMs && wallMs < this.options.wallCapMs) return undefined;
    const s = (ms: number) => Math.round(ms / 1000);
    return `stalled: nothing completed for ${s(wallMs)} s (${s(this.starvedMs)} s of it starved of CPU, not counted; ${s(this.effectiveMs)} s counted) (done ${o.done}) while ${o.published - this.progress.published} articles were published (${o.published} in all)`;
  }
}

/**
 * Run-queue wait, in ms, of every thread of the given processes: time they were runnable but
 * another task had the CPU (`/proc/<pid>/task/<tid>/schedstat`, second field, in ns). Keyed by
 * thread, so the caller can take differences between two readings; a process gone reads as
 * nothing.
 */
export function readRunQueueWait(pids: readonly number[]): Map<string, number> {
  const waits = new Map<string, number>();
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const fields = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").trim().split(/\s+/);
        waits.set(`${pid}/${tid}`, Number(fields[1] ?? 0) / 1e6);
      } catch {
        // The thread ended between the two reads.
      }
    }
  }
  return waits;
}

/**
 * The largest run-queue wait any one thread added between two readings (a thread new since
 * `before` counts from zero). The largest, not the sum: a dozen threads each waiting a little
 * must not add up to an excuse, while a starved critical thread (the event loop, the Postgres
 * backend it waits on) shows in full.
 */
export function runQueueWaitBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): number {
  let most = 0;
  for (const [key, ms] of after) most = Math.max(most, ms - (before.get(key) ?? 0));
  return most;
}
