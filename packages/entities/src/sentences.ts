import { isAbbreviation, type Token } from "./tokenise.ts";

const TERMINAL = new Set([".", "!", "?", "…", "...", "!?", "?!"]);
const CLOSERS = new Set(['"', "»", "”", "’", ")", "]", "'"]);

// A straight quote closes only when a space follows it; glued to the next word it opens a quotation.
function isCloser(text: string, tok: Token | undefined, next: Token | undefined): boolean {
  if (!tok || !CLOSERS.has(tok.text)) return false;
  if (tok.text !== '"' && tok.text !== "'") return true;
  return next === undefined || next.start > tok.end;
}

/**
 * Groups tokens into sentences: after a terminal mark (plus closing quotes or brackets) followed by
 * a capital, digit, opening quote or line break, and at every line break. Sentences longer than
 * `maxTokens` are cut so that decoding cost stays bounded per sentence.
 * @returns half-open [start, end) token index ranges.
 */
export function splitSentences(text: string, tokens: readonly Token[], maxTokens = 150): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let begin = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const next = tokens[i + 1];
    if (!tok) break;
    let cut = next === undefined || i + 1 - begin >= maxTokens;
    if (!cut && next) {
      const gap = text.slice(tok.end, next.start);
      if (gap.includes("\n")) cut = true;
      else if (
        TERMINAL.has(tok.text) ||
        (tok.text.endsWith(".") && tok.text.length > 1 && !isAbbreviation(tok.text.slice(0, -1)) && /\p{Ll}\./u.test(tok.text))
      ) {
        let j = i + 1;
        while (j < tokens.length && j - i < 3 && isCloser(text, tokens[j], tokens[j + 1])) j++;
        const after = tokens[j];
        if (after === undefined || /^[\p{Lu}\p{N}"«“(\[-]/u.test(after.text)) {
          i = j - 1;
          cut = true;
        }
      }
    }
    if (cut) {
      ranges.push([begin, i + 1]);
      begin = i + 1;
    }
  }
  return ranges;
}
