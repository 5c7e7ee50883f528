import { Command, Option } from "commander";
import { formatPosition, parsePosition, type Position, type RecordedEvent } from "@vigie/event-store";
import { openContext, shutdownSignal, withContext } from "../context.ts";
import { print } from "../output.ts";

function describeEvent(e: RecordedEvent): string {
  const data = JSON.stringify(e.data);
  return `${formatPosition(e)}  ${e.recordedAt.toISOString()}  ${e.type.padEnd(24)} ${e.streamId}@${e.streamVersion}  ${
    data.length > 160 ? `${data.slice(0, 157)}...` : data
  }`;
}

function tailCommand(): Command {
  return new Command("tail")
    .description("print events in commit-safe order from a position, then follow new ones live")
    .option("--from <position>", "start after this position (<txId>.<globalPosition>, or 'start')", "start")
    .option("--type <type...>", "only these event types")
    .option("--stream <streamId>", "only this stream, e.g. article:<id> (follow one article's chain)")
    .option("--no-follow", "stop once caught up instead of following")
    .addOption(new Option("--limit <n>", "stop after printing n events").argParser(Number))
    .option("--json", "one JSON object per line, with its position")
    .action(async (options: { from: string; type?: string[]; stream?: string; follow: boolean; limit?: number; json?: boolean }) => {
      const ctx = openContext({ max: 2 });
      const signal = shutdownSignal();
      let after: Position = parsePosition(options.from);
      let printed = 0;
      let delay = 50;
      try {
        while (!signal.aborted) {
          const page = await ctx.store.readAll(after, { limit: 500, types: options.type });
          for (const e of page.events) {
            if (options.stream && e.streamId !== options.stream) continue;
            process.stdout.write(options.json ? `${JSON.stringify({ position: formatPosition(e), ...e })}\n` : `${describeEvent(e)}\n`);
            if (options.limit !== undefined && ++printed >= options.limit) return;
          }
          after = page.next;
          if (page.caughtUp) {
            if (!options.follow) return;
            await new Promise((r) => setTimeout(r, delay));
            delay = Math.min(1000, delay * 2);
          } else delay = 50;
        }
      } finally {
        await ctx.close();
      }
    });
}

function statsCommand(): Command {
  return new Command("stats")
    .description("event counts by type, the log's head, and each consumer's checkpoint and lag")
    .option("--json", "print as JSON")
    .action(async (options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const byType = await ctx.sql<{ event_type: string; n: number }[]>`
          select event_type, count(*)::int as n from events group by event_type order by event_type`;
        const [head] = await ctx.sql<{ n: number; streams: number; max: string | null }[]>`
          select count(*)::int as n, count(distinct stream_id)::int as streams, max(global_position)::text as max from events`;
        const consumers = await ctx.sql<{ consumer_id: string; tx_id: string; global_position: string; lag: number; updated_at: Date }[]>`
          select c.consumer_id, c.tx_id::text, c.global_position::text, c.updated_at,
                 (select count(*)::int from events e where (e.tx_id, e.global_position) > (c.tx_id, c.global_position)) as lag
          from consumer_checkpoints c order by c.consumer_id`;
        const result = {
          events: head?.n ?? 0,
          streams: head?.streams ?? 0,
          maxGlobalPosition: head?.max ? Number(head.max) : 0,
          byType: Object.fromEntries(byType.map((r) => [r.event_type, r.n])),
          consumers: consumers.map((c) => ({
            name: c.consumer_id,
            position: `${c.tx_id}.${c.global_position}`,
            lag: c.lag,
            updatedAt: c.updated_at,
          })),
        };
        print(options, result, () =>
          [
            `${result.events} events in ${result.streams} streams (max global position ${result.maxGlobalPosition})`,
            ...byType.map((r) => `  ${r.event_type.padEnd(26)} ${r.n}`),
            result.consumers.length ? "consumers:" : "no consumers yet",
            ...result.consumers.map((c) => `  ${c.name.padEnd(26)} at ${c.position}, ${c.lag} behind`),
          ].join("\n"),
        );
      });
    });
}

export function eventsCommand(): Command {
  return new Command("events").description("read the event log").addCommand(tailCommand()).addCommand(statsCommand());
}
