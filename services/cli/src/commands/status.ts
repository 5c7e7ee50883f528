import { Command } from "commander";
import { loadCheckpoint, START } from "@vigie/event-store";
import { createRedis, PipelineQueues } from "@vigie/queue";
import { openContext } from "../context.ts";
import { print } from "../output.ts";

export function statusCommand(): Command {
  return new Command("status")
    .description("queue depths and failures per stage, event counts, dispatcher lag")
    .option("--json", "print as JSON")
    .action(async (options: { json?: boolean }) => {
      const ctx = openContext({ max: 2 });
      const redis = createRedis(ctx.config.REDIS_URL, { name: "vigie-status" });
      const queues = new PipelineQueues(redis, ctx.config.REDIS_PREFIX);
      try {
        const counts = await queues.counts();
        const byType = await ctx.sql<{ event_type: string; n: number }[]>`
          select event_type, count(*)::int as n from events group by event_type order by event_type`;
        const checkpoint = (await loadCheckpoint(ctx.sql, "dispatcher")) ?? START;
        const [lag] = await ctx.sql<{ n: number }[]>`
          select count(*)::int as n from events e where (e.tx_id, e.global_position) > (${checkpoint.txId}::xid8, ${checkpoint.globalPosition})`;
        const result = { queues: counts, events: Object.fromEntries(byType.map((r) => [r.event_type, r.n])), dispatcherLag: lag?.n ?? 0 };
        print(options, result, () =>
          [
            "queue                 wait  active  delayed  failed  completed",
            ...Object.entries(counts).map(
              ([stage, c]) =>
                `${stage.padEnd(20)} ${String(c.wait ?? 0).padStart(5)} ${String(c.active ?? 0).padStart(7)} ${String(c.delayed ?? 0).padStart(8)} ${String(c.failed ?? 0).padStart(7)} ${String(c.completed ?? 0).padStart(10)}`,
            ),
            `dispatcher lag: ${result.dispatcherLag} events`,
            "events:",
            ...byType.map((r) => `  ${r.event_type.padEnd(26)} ${r.n}`),
          ].join("\n"),
        );
      } finally {
        await queues.close();
        redis.disconnect();
        await ctx.close();
      }
    });
}
