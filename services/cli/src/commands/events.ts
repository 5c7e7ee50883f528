import { Command, Option } from "commander";
import { countEventsByType, formatPosition, readConsumerLag, readLogStats, resolvePosition, type Position, type RecordedEvent } from "@vigie/event-store";
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
    .option("--from <position>", "start after this position ('start', <txId>.<globalPosition>, an API cursor), or from global position n included", "start")
    .option("--type <type...>", "only these event types")
    .option("--stream <streamId>", "only this stream, e.g. article:<id> (follow one article's chain)")
    .option("--no-follow", "stop once caught up instead of following")
    .addOption(new Option("--limit <n>", "stop after printing n events").argParser(Number))
    .option("--json", "one JSON object per line, with its position")
    .action(async (options: { from: string; type?: string[]; stream?: string; follow: boolean; limit?: number; json?: boolean }) => {
      const ctx = openContext({ max: 2 });
      const signal = shutdownSignal();
      let printed = 0;
      let delay = 50;
      try {
        let after: Position = await resolvePosition(ctx.sql, options.from, { bound: "from" });
        while (!signal.aborted) {
          const page = await ctx.store.readAll(after, { limit: 500, types: options.type, stream: options.stream });
          for (const e of page.events) {
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
        const [byType, stats, consumers] = await Promise.all([countEventsByType(ctx.sql), readLogStats(ctx.sql), readConsumerLag(ctx.sql)]);
        const result = {
          events: stats.events,
          streams: stats.streams,
          maxGlobalPosition: stats.maxGlobalPosition,
          byType,
          consumers: consumers.map((c) => ({
            name: c.consumerId,
            position: formatPosition(c.position),
            lag: c.lagEvents,
            updatedAt: c.updatedAt,
          })),
        };
        print(options, result, () =>
          [
            `${result.events} events in ${result.streams} streams (max global position ${result.maxGlobalPosition})`,
            ...Object.entries(byType).map(([type, n]) => `  ${type.padEnd(26)} ${n}`),
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
