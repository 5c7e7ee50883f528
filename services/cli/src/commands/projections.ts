import { Command } from "commander";
import { countEvents } from "@vigie/event-store";
import { projections, rebuildProjection } from "@vigie/projections";
import { withContext } from "../context.ts";
import { print } from "../output.ts";

function rebuildCommand(): Command {
  return new Command("rebuild")
    .description(`rebuild a projection from the whole log (stop its live instance first): ${Object.keys(projections).join(", ")}`)
    .argument("<name>", "projection name")
    .option("--json", "print the result as JSON (no progress bar)")
    .action(async (name: string, options: { json?: boolean }) => {
      const projection = projections[name];
      if (!projection) throw new Error(`unknown projection ${JSON.stringify(name)}: expected one of ${Object.keys(projections).join(", ")}`);
      await withContext(async (ctx) => {
        const total = await countEvents(ctx.sql, { types: projection.types });
        const started = performance.now();
        const result = await rebuildProjection(ctx.sql, projection, {
          onProgress: ({ events }) => {
            if (options.json || !process.stderr.isTTY) return;
            const width = 30;
            const done = total === 0 ? 1 : Math.min(1, events / total);
            process.stderr.write(`\r[${"#".repeat(Math.round(done * width)).padEnd(width)}] ${events}/${total} events`);
          },
        });
        if (!options.json && process.stderr.isTTY) process.stderr.write("\n");
        const seconds = (performance.now() - started) / 1000;
        print(options, { projection: name, events: result.events, seconds }, () => `rebuilt ${name} from ${result.events} events in ${seconds.toFixed(1)} s`);
      });
    });
}

export function projectionsCommand(): Command {
  return new Command("projections")
    .description("read models derived from the log (articles, feeds, search, event counts, stories, watches)")
    .addCommand(rebuildCommand());
}
