import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueHarness, sleep, type QueueHarness } from "../test/harness.ts";
import { PipelineQueues } from "./pipeline-queues.ts";

const child = fileURLToPath(new URL("../test/dispatcher-child.ts", import.meta.url));
const ARTICLES = 3000;

const articleId = (i: number) => i.toString(16).padStart(64, "0");

describe("dispatcher", () => {
  let h: QueueHarness;
  beforeAll(async () => {
    h = await createQueueHarness();
  });
  afterAll(async () => h?.close());

  it("killed with SIGKILL at random moments, loses no job and enqueues none twice", async () => {
    const ids: string[] = [];
    const append = async (from: number, to: number) => {
      for (let i = from; i < to; i += 50) {
        const batch = Array.from({ length: Math.min(50, to - i) }, (_, k) => {
          const eventId = randomUUID();
          ids.push(eventId);
          return {
            eventId,
            streamId: `article:${articleId(i + k)}`,
            type: "ArticleDiscovered",
            data: { articleId: articleId(i + k), url: `http://127.0.0.1/a/${i + k}`, feedId: "f", itemId: String(i + k) },
          };
        });
        await h.store.append(batch);
      }
    };
    await append(0, ARTICLES / 2);
    const start = () =>
      spawn(process.execPath, ["--conditions=@vigie/source", "--import", "tsx", child, h.db.url, h.redisUrl, h.prefix], {
        stdio: ["ignore", "pipe", "inherit"],
      });
    const ready = (p: ChildProcess) => new Promise<void>((resolve) => p.stdout?.once("data", () => resolve()));
    const queues = new PipelineQueues(h.redis, h.prefix);
    let kills = 0;
    let midway = 0;
    let proc: ChildProcess = start();
    const writer = append(ARTICLES / 2, ARTICLES);
    for (let k = 0; k < 8; k++) {
      await ready(proc);
      // Kill at a random moment once this incarnation has made progress (startup time varies
      // with machine load), so that kills land part-way through the log.
      const before = await queues.byStage.fetch.getWaitingCount();
      for (let i = 0; i < 500 && (await queues.byStage.fetch.getWaitingCount()) === before && before < ARTICLES; i++) await sleep(10);
      await sleep(Math.random() * 40);
      proc.kill("SIGKILL");
      kills++;
      await new Promise((r) => proc.once("exit", r));
      const enqueued = await queues.byStage.fetch.getWaitingCount();
      if (enqueued > 0 && enqueued < ARTICLES) midway++;
      proc = start();
    }
    await writer;
    try {
      for (let i = 0; i < 300 && (await queues.byStage.fetch.getWaitingCount()) < ARTICLES; i++) await sleep(50);
      await sleep(300);
      const jobs = await queues.byStage.fetch.getJobs(["wait", "active", "delayed", "completed", "failed"], 0, -1);
      const jobIds = jobs.map((j) => j.id ?? "");
      expect(kills).toBe(8);
      // The kills landed while the dispatcher was part-way through the log.
      expect(midway).toBeGreaterThanOrEqual(3);
      expect(new Set(jobIds).size).toBe(jobIds.length);
      expect(new Set(jobIds)).toEqual(new Set(ids));
      expect(jobs.every((j) => j.data.eventId === j.id && j.data.correlationId === j.id)).toBe(true);
    } finally {
      proc.kill("SIGKILL");
      await queues.close();
    }
  });
});
