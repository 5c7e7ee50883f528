import { writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { CorpusFormatError, readCorpus, type CorpusFormat, type GoldSentence } from "./corpus.ts";
import { evaluateSpans } from "./evaluate-spans.ts";
import { trainModel, TrainingDataError } from "./train-model.ts";

interface TrainCommandOptions {
  format: CorpusFormat;
  lang: "fr" | "en";
  out?: string;
  epochs: string;
}

/**
 * `vigie entities train`: bring-your-own-corpus training. Writes a weight file that
 * `loadTagger({ modelFiles: { fr: path } })` loads in place of the shipped one.
 */
export function trainCommand(): Command {
  return new Command("train")
    .description(
      "Train tagging weights for one language from annotated files and write them to --out (default model-<lang>.bin.gz). " +
        "Formats: conll / iob2 (token in the first column, or the second after an index; tag in the last; IOB1, IOB2, IOBES or IO; " +
        "types PER/ORG/LOC/MISC or PERSON/ORGANIZATION/LOCATION…), brat (a .txt with its .ann; give either). " +
        "One sentence in ten is held out to choose the epoch; the result and its dev scores are printed as one JSON line. " +
        "Load the weights with the tagger option modelFiles: { fr: path } or { en: path }. They carry the licence of your corpus.",
    )
    .argument("<files...>", "annotated corpus files")
    .addOption(new Option("--format <format>", "corpus format").choices(["conll", "iob2", "brat"]).default("conll"))
    .addOption(new Option("--lang <lang>", "language the weights are for").choices(["fr", "en"]).makeOptionMandatory())
    .option("--out <file>", "weight file to write (default: model-<lang>.bin.gz)")
    .option("--epochs <n>", "training passes (the best one on dev is kept)", "12")
    .option("--json", "print the result as one JSON line (the only output format; accepted for scripts)", true)
    .action((files: string[], opts: TrainCommandOptions) => {
      const epochs = Number(opts.epochs);
      if (!Number.isInteger(epochs) || epochs < 1 || epochs > 100) throw new TrainingDataError(`--epochs must be an integer from 1 to 100, got ${opts.epochs}`);
      const sentences: GoldSentence[] = [];
      for (const file of files) {
        try {
          sentences.push(...readCorpus(file, opts.format));
        } catch (err) {
          if (err instanceof CorpusFormatError) throw err;
          throw new CorpusFormatError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      const names = sentences.reduce((n, s) => n + s.tags.filter((t) => t.startsWith("B-")).length, 0);
      if (names === 0) throw new TrainingDataError("the files hold no annotated name: check --format");
      const result = trainModel({
        language: opts.lang,
        sentences,
        epochs,
        onEpoch: (epoch, errors, devF1) => process.stderr.write(`epoch ${epoch}: ${errors} token errors, dev F1 ${devF1}\n`),
      });
      result.model.meta.training = {
        corpora: files.map((f) => f.split("/").pop()),
        trainSentences: result.train.length,
        devSentences: result.dev.length,
        epoch: result.epoch,
        byoc: true,
      };
      const out = opts.out ?? `model-${opts.lang}.bin.gz`;
      writeFileSync(out, result.model.serialise());
      const dev = evaluateSpans(result.dev, result.model, result.gazetteer, result.extractor);
      process.stdout.write(`${JSON.stringify({ out, language: opts.lang, sentences: sentences.length, names, epoch: result.epoch, dev })}\n`);
    });
}
