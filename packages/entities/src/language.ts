import { createRequire } from "node:module";
import type { Token } from "./tokenise.ts";

type Detect = (text: string) => string;
let detector: Detect | undefined;

// tinyld's profiles take ~200 ms to evaluate: load them on the first text that is neither French nor English.
function tinyldDetect(text: string): string {
  if (!detector) {
    const mod = createRequire(import.meta.url)("tinyld") as { detect: Detect };
    detector = mod.detect;
  }
  return detector(text);
}

/** French function words (lower case), also used to reject one-word mentions such as a sentence-initial "Nous". */
export const FR_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  "le la les l' un une des du de d' et est en dans pour que qu' qui sur au aux par pas ne n' se s' ce cette ces il elle ils elles nous vous on je tu ont a été sont avec plus son sa ses leur leurs mais ou où lors selon après avant depuis entre contre sans sous très aussi été avait été".split(
    " ",
  ),
);
/** English function words (lower case). */
export const EN_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  "the a an of and is in to for that on with by as at from was were are be been has have had it its this these those he she they we you not but or which who after before into over said will would their his her than also about".split(
    " ",
  ),
);

/** Which model to use and which language to report. */
export interface LanguageGuess {
  /** Model language. */
  model: "fr" | "en";
  /** Reported ISO 639-1 code, `und` when unknown. */
  code: string;
}

/**
 * French/English decision from function-word counts over the first tokens (fast, and what decides
 * the model); other languages are named by tinyld on a bounded sample.
 */
export function guessLanguage(text: string, tokens: readonly Token[], sampleTokens = 400): LanguageGuess {
  let fr = 0;
  let en = 0;
  let words = 0;
  const limit = Math.min(tokens.length, sampleTokens);
  for (let i = 0; i < limit; i++) {
    const w = (tokens[i]?.text ?? "").toLowerCase().replace("’", "'");
    if (!/\p{L}/u.test(w)) continue;
    words++;
    if (FR_FUNCTION_WORDS.has(w)) fr++;
    if (EN_FUNCTION_WORDS.has(w)) en++;
  }
  const model = fr > en ? "fr" : "en";
  if (words > 0 && Math.max(fr, en) >= Math.max(2, words * 0.12)) return { model, code: model };
  if (words === 0) return { model, code: "und" };
  const sample = text.slice(0, 1000);
  let code = "";
  try {
    code = tinyldDetect(sample);
  } catch {
    code = "";
  }
  return { model: code === "fr" ? "fr" : code === "en" ? "en" : model, code: code || "und" };
}
