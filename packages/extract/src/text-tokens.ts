/** Unicode-aware equivalent of Python's `\w+` (letters, marks, digits, underscore). */
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;

export function wordTokens(text: string): string[] {
  return text.match(WORD) ?? [];
}

export function countWords(text: string): number {
  let n = 0;
  for (const _m of text.matchAll(WORD)) n++;
  return n;
}
