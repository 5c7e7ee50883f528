import { describe, expect, it } from "vitest";
import { readRunQueueWait, runQueueWaitBetween, StallWatch } from "./stall.ts";

const S = 1000;
/** Observations every 5 s from t = 0: done stays at `done`, published grows by 20 each time. */
function run(watch: StallWatch, seconds: number, starvedPerSample: (t: number) => number, done = 10): { at?: number; reason?: string } {
  for (let t = 0; t <= seconds; t += 5) {
    const reason = watch.observe({ atMs: t * S, done, published: 100 + t * 4, starvedMs: starvedPerSample(t) });
    if (reason) return { at: t, reason };
  }
  return {};
}

describe("StallWatch", () => {
  const options = { stallMs: 60 * S, wallCapMs: 300 * S };

  it("fires after a minute without progress on an idle (unstarved) pipeline", () => {
    const result = run(new StallWatch(options), 600, () => 0);
    expect(result.at).toBe(60);
    expect(result.reason).toMatch(/^stalled: nothing completed for 60 s \(0 s of it starved/);
  });

  it("does not count time the pipeline was starved of CPU", () => {
    // Fully starved for the first 120 s, then half starved: 60 s counted at t = 120 + 120.
    const result = run(new StallWatch(options), 600, (t) => (t <= 120 ? 5 * S : 2.5 * S));
    expect(result.at).toBe(240);
    expect(result.reason).toContain("counted");
  });

  it("still fires after the wall-clock cap when starvation never ends", () => {
    const result = run(new StallWatch(options), 600, () => 5 * S);
    expect(result.at).toBe(300);
  });

  it("starts over on progress, and ignores a quiet site", () => {
    const watch = new StallWatch(options);
    for (let t = 0; t <= 50; t += 5) expect(watch.observe({ atMs: t * S, done: 10, published: 100 + t, starvedMs: 0 })).toBeUndefined();
    expect(watch.observe({ atMs: 55 * S, done: 11, published: 200, starvedMs: 0 })).toBeUndefined();
    for (let t = 60; t <= 110; t += 5) expect(watch.observe({ atMs: t * S, done: 11, published: 200 + t, starvedMs: 0 })).toBeUndefined();
    // Nothing published: not a stall, however long.
    const quiet = new StallWatch(options);
    for (let t = 0; t <= 600; t += 5) expect(quiet.observe({ atMs: t * S, done: 5, published: 100, starvedMs: 0 })).toBeUndefined();
  });

  it("reports more than the interval as starved no more than the interval", () => {
    const result = run(new StallWatch(options), 600, () => 50 * S);
    expect(result.at).toBe(300);
  });
});

describe("run-queue wait", () => {
  it("reads this process's threads and takes the thread that waited most", () => {
    const before = readRunQueueWait([process.pid]);
    expect(before.size).toBeGreaterThan(0);
    expect([...before.values()].every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
    expect(readRunQueueWait([2 ** 22 + 7]).size).toBe(0);
    const after = new Map([...before].map(([k, v]) => [k, v + 2]));
    expect(runQueueWaitBetween(before, after)).toBeCloseTo(2);
    after.set("new/1", 3);
    expect(runQueueWaitBetween(before, after)).toBe(3);
  });
});
