import { Command } from "commander";
import { createRedis, PipelineQueues } from "@vigie/queue";
// The dashboard's own figures, so the terminal and the browser always agree.
import { FUNNEL_ROWS, readOpsFigures, type OpsFigures } from "@vigie/api";
import { openContext } from "../context.ts";
import { print } from "../output.ts";

const pad = (v: unknown, n: number) => String(v).padStart(n);

function formatStatus(f: OpsFigures): string {
  const lines = [
    "queue                  wait  active  delayed  failed  completed  oldest wait (s)",
    ...f.queues.map(
      (q) =>
        `${q.queue.padEnd(20)} ${pad(q.counts.wait ?? 0, 6)} ${pad(q.counts.active ?? 0, 7)} ${pad(q.counts.delayed ?? 0, 8)} ${pad(q.counts.failed ?? 0, 7)} ${pad(q.counts.completed ?? 0, 10)} ${pad(q.oldestWaitingSeconds.toFixed(0), 16)}`,
    ),
    "",
    "funnel           last hour  last day",
    ...FUNNEL_ROWS.map(([k, label]) => `  ${label.padEnd(14)} ${pad(f.funnel.hour[k], 9)} ${pad(f.funnel.day[k], 9)}`),
    "",
    "consumer lag     events  seconds",
    ...f.consumers.map((c) => `  ${c.consumer.padEnd(22)} ${pad(c.lagEvents, 7)} ${pad(c.lagSeconds.toFixed(1), 8)}`),
    "",
    `feeds: ${
      Object.entries(f.feedsByHealth)
        .map(([h, n]) => `${n} ${h}`)
        .join(", ") || "none"
    }`,
    ...f.feeds.filter((x) => x.health === "failing").map((x) => `  failing ${x.feedId} (${x.consecutiveFailures} in a row): ${x.lastError ?? ""}`),
    "",
    "failures:",
    ...f.failures.map((x) => `  ${x.type.padEnd(26)} ${x.reason.padEnd(24)} ${x.count}`),
    "events:",
    ...Object.entries(f.events).map(([type, n]) => `  ${type.padEnd(26)} ${n}`),
    "",
    "newest articles:",
    ...f.articles.slice(0, 5).map(
      (a) =>
        `  [${a.language ?? "?"}] ${a.title ?? a.url}${
          a.entities.length > 0
            ? `  — ${a.entities
                .slice(0, 6)
                .map((e) => e.name)
                .join(", ")}${a.entities.length > 6 ? ", …" : ""}`
            : ""
        }`,
    ),
  ];
  return lines.join("\n");
}

export function statusCommand(): Command {
  return new Command("status")
    .description("the dashboard's figures: queue depths and ages, funnel (last hour/day), consumer and projection lag, feed health, failures, event counts")
    .option("--json", "print as JSON")
    .action(async (options: { json?: boolean }) => {
      const ctx = openContext({ max: 4 });
      const redis = createRedis(ctx.config.REDIS_URL, { name: "vigie-status", clusterNodes: ctx.config.REDIS_CLUSTER_NODES });
      const queues = new PipelineQueues(redis, ctx.config.REDIS_PREFIX);
      try {
        const figures = await readOpsFigures(ctx.sql, queues);
        const dispatcherLag = figures.consumers.find((c) => c.consumer === "dispatcher")?.lagEvents ?? Object.values(figures.events).reduce((a, b) => a + b, 0);
        print(options, { ...figures, dispatcherLag }, () => formatStatus(figures));
      } finally {
        await queues.close();
        redis.disconnect();
        await ctx.close();
      }
    });
}
