import type { CharSpan } from "../src/corpus.ts";

/**
 * GUM (amir-zeldes/gum, `dep/*.conllu`) to character spans of names. GUM brackets every mention
 * (pronouns, common nouns) in the MISC column (`Entity=(3-place-…)`); a mention counts as a name
 * when its syntactic head (the token whose head lies outside the mention) is a proper noun. The
 * span is then cut to the proper nouns it holds, from the first to the last, after leading
 * titles ("the", "Professor", "President"): GUM's "the University of Chicago" → "University of
 * Chicago", "Professor Cres Eastman" → "Cres Eastman".
 */

const TYPES: Record<string, string> = { person: "PER", place: "LOC", organization: "ORG", event: "MISC" };

const TITLES = new Set([
  "mr",
  "mr.",
  "mrs",
  "mrs.",
  "ms",
  "ms.",
  "dr",
  "dr.",
  "professor",
  "prof",
  "prof.",
  "president",
  "senator",
  "sen.",
  "king",
  "queen",
  "prince",
  "princess",
  "pope",
  "general",
  "gen.",
  "governor",
  "gov.",
  "minister",
  "prime",
  "chancellor",
  "judge",
  "justice",
  "sir",
  "lord",
  "lady",
  "captain",
  "capt.",
  "colonel",
  "lieutenant",
  "sergeant",
  "rev.",
  "reverend",
  "father",
  "brother",
  "sister",
  "emperor",
  "empress",
  "chief",
  "secretary",
  "representative",
  "rep.",
  "mayor",
  "coach",
  "administrator",
  "attorney",
  "general",
  "director",
  "commissioner",
  "ambassador",
  "chairman",
  "ceo",
  "deputy",
  "officer",
  "detective",
  "agent",
]);

interface Token {
  id: number;
  form: string;
  xpos: string;
  head: number;
  start: number;
  end: number;
}

export interface GumDocument {
  id: string;
  genre: string;
  text: string;
  spans: CharSpan[];
}

/** Splits a conllu file holding several `# newdoc id = …` documents into documents with text and name spans. */
export function parseGum(conllu: string): GumDocument[] {
  const docs: GumDocument[] = [];
  let doc: GumDocument | undefined;
  let sentence: Token[] = [];
  let misc: string[] = [];
  const flush = (): void => {
    if (doc && sentence.length > 0) {
      doc.spans.push(...namesOf(sentence, misc));
      doc.text += "\n";
    }
    sentence = [];
    misc = [];
  };
  for (const line of conllu.split("\n")) {
    const newdoc = /^# newdoc id = (\S+)/.exec(line);
    if (newdoc) {
      flush();
      const id = newdoc[1] ?? "";
      doc = { id, genre: id.split("_")[1] ?? "", text: "", spans: [] };
      docs.push(doc);
      continue;
    }
    if (line.trim() === "") {
      flush();
      continue;
    }
    if (line.startsWith("#") || !doc) continue;
    const cols = line.split("\t");
    if (!/^\d+$/.test(cols[0] ?? "")) continue; // multiword ranges and empty nodes
    const form = cols[1] ?? "";
    const start = doc.text.length;
    doc.text += form;
    sentence.push({ id: Number(cols[0]), form, xpos: cols[4] ?? "", head: Number(cols[6]), start, end: start + form.length });
    const m = cols[9] ?? "_";
    misc.push(m);
    if (!/(^|\|)SpaceAfter=No/.test(m)) doc.text += " ";
  }
  flush();
  return docs;
}

function namesOf(tokens: readonly Token[], misc: readonly string[]): CharSpan[] {
  const open: Array<{ group: string; type: string; from: number }> = [];
  const out: CharSpan[] = [];
  const close = (i: number, group: string): void => {
    const k = open.map((o) => o.group).lastIndexOf(group);
    const o = open[k];
    if (!o) return;
    open.splice(k, 1);
    const span = nameSpan(tokens, o.from, i + 1, o.type);
    if (span) out.push(span);
  };
  misc.forEach((m, i) => {
    const field = /(?:^|\|)Entity=([^|]+)/.exec(m)?.[1] ?? "";
    for (const part of field.matchAll(/\(([^()]+)\)?|(\d+)\)/g)) {
      if (part[1] !== undefined) {
        const [group = "", etype = ""] = part[1].split("-");
        open.push({ group, type: TYPES[etype] ?? "", from: i });
        if (part[0].endsWith(")")) close(i, group);
      } else if (part[2] !== undefined) close(i, part[2]);
    }
  });
  return out;
}

const CONNECTORS = new Set(["of", "and", "&", "for", "the", "de", "du", "des", "la", "le", "von", "van", "al", "on"]);
/** Inside a person's name only particles join proper nouns: "and" or "of" there is a coordination or an affiliation. */
const NAME_PARTICLES = new Set(["de", "du", "des", "la", "le", "von", "van", "der", "den", "al", "bin", "ibn", "da", "di", "del", "dos"]);

const isProper = (t: Token | undefined): boolean => t !== undefined && (t.xpos === "NNP" || t.xpos === "NNPS");

/** The run of proper nouns (joined by connectors such as "of") around the mention's first head, minus leading titles. */
function nameSpan(tokens: readonly Token[], from: number, to: number, type: string): CharSpan | undefined {
  if (!type) return undefined;
  const ids = new Set(tokens.slice(from, to).map((t) => t.id));
  const h = tokens.findIndex((t, i) => i >= from && i < to && !ids.has(t.head));
  if (h < 0 || !isProper(tokens[h])) return undefined;
  const connectors = type === "PER" ? NAME_PARTICLES : CONNECTORS;
  const joins = (i: number, step: number): boolean =>
    connectors.has((tokens[i]?.form ?? "").toLowerCase()) && i + step >= from && i + step < to && isProper(tokens[i + step]);
  let first = h;
  // Titles are cut from people's names only: "General Motors" and "President Hotel" keep their first word.
  const title = (i: number): boolean => type === "PER" && TITLES.has((tokens[i]?.form ?? "").toLowerCase());
  while (first - 1 >= from && !title(first - 1) && (isProper(tokens[first - 1]) || joins(first - 1, -1))) first--;
  let last = h;
  while (last + 1 < to && (isProper(tokens[last + 1]) || joins(last + 1, 1))) last++;
  while (first < last && (title(first) || !isProper(tokens[first]))) first++;
  // A bare title ("the Minister", "Attorney General") names a role, not a person.
  if (type === "PER" && tokens.slice(first, last + 1).every((t) => TITLES.has(t.form.toLowerCase()))) return undefined;
  const a = tokens[first];
  const b = tokens[last];
  // A plural proper noun as a person ("Arabs", "Democrats") is a group, not a person's name.
  const group = type === "PER" && tokens[h]?.xpos === "NNPS";
  return a && b ? { start: a.start, end: b.end, type: group ? "MISC" : type } : undefined;
}
