/** A token with its UTF-16 offsets in the source text (end exclusive). */
export interface Token {
  text: string;
  start: number;
  end: number;
}

// Order matters: dotted acronyms (U.S.) and numbers with separators (1,5 / 10.000) before words;
// words keep inner apostrophes and hyphens (al-Assad, Etats-Unis, aujourd'hui) and are split below.
const TOKEN_RE =
  /(?:\p{Lu}\.){2,}|\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*(?:[-‐‑][\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*)*\.?|\.{2,}|[\p{Extended_Pictographic}\p{Emoji_Component}\u200d\ufe0f]+|\S/gu;

// French elided clitics, split off with their apostrophe: l'Allemagne → l' + Allemagne.
const ELISION_RE = /^(?:qu|jusqu|lorsqu|puisqu|quoiqu|presqu|[ldjmnstc])['’](?=[\p{L}\p{N}])/iu;
// English clitics split off the end: Assad's → Assad + 's; don't → do + n't.
const EN_CLITIC_RE = /(?:n['’]t|['’](?:s|re|ve|ll|d|m))$/iu;
const CONTROL_RE = /^[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]+$/u;

/** Abbreviations that keep their final dot (and therefore never end a sentence). */
const ABBREVIATIONS = new Set([
  "m",
  "mm",
  "mme",
  "mmes",
  "mlle",
  "dr",
  "pr",
  "me",
  "mgr",
  "st",
  "ste",
  "mr",
  "mrs",
  "ms",
  "prof",
  "gen",
  "gén",
  "col",
  "lt",
  "sgt",
  "capt",
  "sen",
  "rep",
  "gov",
  "jr",
  "sr",
  "inc",
  "ltd",
  "co",
  "corp",
  "vs",
  "etc",
  "cf",
  "ex",
  "av",
  "bd",
  "no",
  "n°",
  "vol",
  "p",
  "pp",
  "fig",
  "jan",
  "feb",
  "fév",
  "mar",
  "apr",
  "avr",
  "jun",
  "jul",
  "juil",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "déc",
  "mt",
  "ft",
  "approx",
  "dept",
  "univ",
]);

export function isAbbreviation(word: string): boolean {
  return ABBREVIATIONS.has(word.toLowerCase());
}

function push(out: Token[], text: string, start: number): void {
  out.push({ text, start, end: start + text.length });
}

function splitWord(out: Token[], word: string, start: number): void {
  let w = word;
  let s = start;
  let trailingDot = false;
  if (w.length > 1 && w.endsWith(".") && !/^(?:\p{Lu}\.){2,}$/u.test(w)) {
    // A word followed by a dot: keep the dot only for known abbreviations and single capitals (J. Smith).
    const bare = w.slice(0, -1);
    if (!(isAbbreviation(bare) || /^\p{Lu}$/u.test(bare))) {
      w = bare;
      trailingDot = true;
    }
  }
  for (let m = ELISION_RE.exec(w); m && m[0].length < w.length; m = ELISION_RE.exec(w)) {
    push(out, m[0], s);
    s += m[0].length;
    w = w.slice(m[0].length);
  }
  const clitic = w.length > 3 ? EN_CLITIC_RE.exec(w) : null;
  if (clitic && clitic.index > 0) {
    push(out, w.slice(0, clitic.index), s);
    push(out, clitic[0], s + clitic.index);
  } else {
    push(out, w, s);
  }
  if (trailingDot) push(out, ".", start + word.length - 1);
}

/**
 * Splits French or English text into tokens with exact offsets. Whitespace and control characters
 * are dropped; every other character belongs to exactly one token. Linear in the text length.
 */
export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const word = m[0];
    const start = m.index;
    if (CONTROL_RE.test(word)) continue;
    if (/^[\p{L}\p{N}]/u.test(word)) splitWord(out, word, start);
    else push(out, word, start);
  }
  return out;
}
