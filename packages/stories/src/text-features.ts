/**
 * Words of a title or lead as comparable keys: lower case, no diacritics, light plural folding.
 * The same function keys the bilingual lexicon, so "Élections" and "elections" meet.
 */
export function termKey(word: string): string {
  const bare = word
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[’']/g, "");
  // Plural and feminine endings differ between articles about one event ("frappe"/"frappes").
  if (bare.length > 4 && (bare.endsWith("s") || bare.endsWith("x"))) return bare.slice(0, -1);
  return bare;
}

// Function words of French and English: they say nothing about which event an article reports.
const STOPWORDS = new Set(
  `a au aux avec ce ces cet cette dans de des du elle en et est il ils je la le les leur lui mais me meme ne ni nos notre nous on ou par pas pour qu que qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous y ete etre avoir fait faire plus moins tres apres avant selon depuis contre entre sans sous vers chez aussi alors encore deja ainsi comme dont lors tout tous toute toutes autre autres quand car donc hier aujourdhui demain mardi lundi mercredi jeudi vendredi samedi dimanche ont avait etait sera seront peut doit selon ici la-bas leurs celui celle ceux quelque plusieurs chaque
   the an and are as at be been but by for from had has have he her his in into is it its of on or our she that their them then there these they this those to was were will with would not no after before over under about against between during without than more most very also just only can could may might should said says say new one two three last first next week year day today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday which who whom what when where while why how all any some such own other here has had does did its being became become told amid since until while still`
    .split(/\s+/)
    .filter(Boolean)
    .map(termKey),
);

export function isStopword(key: string): boolean {
  return STOPWORDS.has(key);
}

export interface Word {
  key: string;
  /** The word starts with a capital and is not the first of its sentence: likely a name. */
  proper: boolean;
}

const WORD = /[\p{L}][\p{L}\p{M}’'-]*|\d[\d\s.,]*\d|\d/gu;

/** The words of a text, with numbers kept whole ("1 500", "1,500" and "1.500" give "1500"). */
export function words(text: string): Word[] {
  const out: Word[] = [];
  let sentenceStart = true;
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    const index = match.index;
    if (/[.!?:«»"]/.test(text.slice(last, index))) sentenceStart = true;
    last = index + raw.length;
    if (/^\d/.test(raw)) {
      out.push({ key: raw.replace(/[\s.,]/g, ""), proper: false });
      sentenceStart = false;
      continue;
    }
    for (const part of raw.split("-")) {
      if (part === "") continue;
      const key = termKey(part.replace(/^[dlnsjcm][’']/i, ""));
      const capital = /^\p{Lu}/u.test(part.replace(/^[dlnsjcm][’']/i, ""));
      out.push({ key, proper: capital && !sentenceStart });
    }
    sentenceStart = false;
  }
  return out;
}
