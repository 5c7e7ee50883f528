import { detect } from "tinyld";

/** Enough text for a trigram detector to be reliable; also bounds its cost on huge pages. */
const SAMPLE_CHARS = 2000;
const MIN_CHARS = 40;

/**
 * Language of a text as a BCP47 primary subtag, or undefined when unsure. tinyld is used because
 * it answers ISO 639-1 codes directly, is pure JS with no dependencies, and is fast on short
 * samples; franc answers ISO 639-3 and is slower on long texts.
 */
export function detectLanguage(text: string): string | undefined {
  if (text.length < MIN_CHARS) return undefined;
  try {
    const code = detect(text.slice(0, SAMPLE_CHARS));
    return code === "" ? undefined : code;
  } catch {
    return undefined;
  }
}
