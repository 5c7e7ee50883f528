import { createReadStream, type ReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Command, Option } from "commander";
import { loadTagger } from "./tagger.ts";
import { trainCommand } from "./train-command.ts";
import type { Tagger } from "./types.ts";

/** One output line of `vigie entities tag`. */
export interface TagLine {
  id: unknown;
  language?: string;
  entities: Array<{ start: number; end: number; type: string; text: string; entityId: string; confidence?: number }>;
  error?: string;
}

/** Tags one JSON line `{ "id", "text" }`; malformed lines yield an `error` field instead of stopping the run. */
export function tagJsonLine(tagger: Tagger, line: string, language: "fr" | "en" | "auto", verbose: boolean): TagLine | undefined {
  if (line.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { id: null, entities: [], error: "invalid JSON" };
  }
  const record = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const id = record.id ?? null;
  if (typeof record.text !== "string") return { id, entities: [], error: 'missing string field "text"' };
  const result = tagger.tag(record.text, { language });
  const entities = result.mentions.map((m) => ({
    start: m.start,
    end: m.end,
    type: m.type,
    text: m.text,
    entityId: m.entityId,
    ...(verbose ? { confidence: m.confidence } : {}),
  }));
  return verbose ? { id, language: result.language, entities } : { id, entities };
}

/** Options of {@link entitiesCommand}. */
export interface EntitiesCommandOptions {
  /**
   * Weight files used when `--model-fr` / `--model-en` are not given (the `vigie` program passes
   * ENTITIES_MODEL_FR / ENTITIES_MODEL_EN). Called only when a command runs, so a bad config does
   * not break `--help`. @defaultValue the shipped weights
   */
  defaultModelFiles?: () => { fr?: string; en?: string };
}

/** `vigie entities` — entity tagging (French and English) with linked ids. */
export function entitiesCommand(options: EntitiesCommandOptions = {}): Command {
  const entities = new Command("entities").description("named-entity tagging for French and English news, linked to stable ids");
  entities
    .command("tag")
    .description(
      'Read JSON lines {"id", "text"} from FILE (or stdin) and print one JSON line per input:\n' +
        '{"id", "entities": [{"start", "end", "type", "text", "entityId"}]}.\n' +
        "Offsets are JavaScript string (UTF-16) indices into text, end exclusive. Types: PER, ORG, LOC, MISC.\n" +
        "entityId is a Wikidata QID (Q41183), a GeoNames id (geonames:170063), or a local id (local:per:lin-jian).\n" +
        'A line that is not valid JSON or has no string "text" yields {"id", "entities": [], "error"}.',
    )
    .argument("[file]", "JSON-lines input file; stdin when omitted")
    .addOption(new Option("--lang <lang>", "language of the texts; auto detects it per text").choices(["fr", "en", "auto"]).default("auto"))
    .option("--json", "print JSON lines (the only output format; accepted for scripts)", true)
    .option("--verbose", "also print the detected language and each mention's confidence", false)
    .option("--model-fr <file>", "French weights written by `vigie entities train` (default: ENTITIES_MODEL_FR, else the shipped ones)")
    .option("--model-en <file>", "English weights written by `vigie entities train` (default: ENTITIES_MODEL_EN, else the shipped ones)")
    .action(async (file: string | undefined, opts: { lang: "fr" | "en" | "auto"; verbose: boolean; modelFr?: string; modelEn?: string }) => {
      const modelFiles = { ...options.defaultModelFiles?.() };
      if (opts.modelFr !== undefined) modelFiles.fr = opts.modelFr;
      if (opts.modelEn !== undefined) modelFiles.en = opts.modelEn;
      const tagger = loadTagger({ modelFiles });
      const input: ReadStream | NodeJS.ReadStream = file ? createReadStream(file, "utf8") : process.stdin;
      const lines = createInterface({ input, crlfDelay: Infinity });
      for await (const line of lines) {
        const out = tagJsonLine(tagger, line, opts.lang, opts.verbose);
        if (out && !process.stdout.write(`${JSON.stringify(out)}\n`)) {
          await new Promise<void>((resolve) => process.stdout.once("drain", () => resolve()));
        }
      }
    });
  entities.addCommand(trainCommand());
  return entities;
}
