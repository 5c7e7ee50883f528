import { createHash } from "node:crypto";
import { seededRandom } from "@vigie/fixture-site/seeded-random";
import type { DedupInput } from "../src/types.ts";

const SYLLABLES = ["ba", "lo", "ri", "ten", "mar", "sel", "vo", "qui", "dra", "pen", "cor", "lu", "sta", "ne", "gri", "fol", "am", "ter", "ix", "ul"];

/** A vocabulary of pseudo-words, skewed so that some words are frequent as in real text. */
export function vocabulary(size: number, rand: () => number): string[] {
  return Array.from({ length: size }, () => {
    const n = 1 + Math.floor(rand() * 4);
    return Array.from({ length: n }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join("");
  });
}

export interface Generator {
  fresh(): DedupInput;
  /** A syndicated copy of `of`: new URL, a paragraph dropped, a few words changed, a credit line. */
  copy(of: DedupInput): DedupInput;
  /** The same article at an AMP URL. */
  amp(of: DedupInput): DedupInput;
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

export function generator(seed: number, publishedAt: string, sites = 40): Generator {
  const rand = seededRandom(seed);
  const vocab = vocabulary(20_000, rand);
  const word = () => vocab[Math.floor(vocab.length * rand() ** 2)] ?? "x";
  let n = 0;
  const make = (url: string, text: string): DedupInput => ({ articleId: sha(url), url, text, title: text.slice(0, 60), publishedAt });
  return {
    fresh() {
      n++;
      const paragraphs = Array.from({ length: 6 }, () => Array.from({ length: 40 }, word).join(" "));
      return make(`https://site${n % sites}.example/news/${seed}-${n}.html`, paragraphs.join("\n"));
    },
    copy(of) {
      n++;
      const paragraphs = of.text.split("\n");
      paragraphs.splice(Math.floor(rand() * paragraphs.length), 1);
      const edited = paragraphs.map((p) =>
        p
          .split(" ")
          .map((w) => (rand() < 0.03 ? word() : w))
          .join(" "),
      );
      return make(`https://copy${n % sites}.example/a/${seed}-${n}`, `${edited.join("\n")}\n(with agencies)`);
    },
    amp(of) {
      return { ...of, articleId: sha(`${of.url}/amp`), url: of.url.replace(".example/", ".example/amp/") };
    },
  };
}
