import type { AliasEntry } from "./gazetteer.ts";
import type { Token } from "./tokenise.ts";
import type { EntityType } from "./types.ts";

/** A mention found in a text, before linking. */
export interface Found {
  start: number;
  end: number;
  text: string;
  type: EntityType;
  confidence: number;
  entry: AliasEntry | undefined;
}

/** Confidence of a surname mention added because a longer PER mention in the same text ends with it. */
const SURNAME_CONFIDENCE = 0.5;

/**
 * A capitalised word left untagged that is the last word of a multi-word PER mention in the same
 * text ("Montalvo" after "Jeremy Montalvo") is added as a PER mention. Keeps `found` sorted.
 */
export function addSurnames(found: Found[], tokens: readonly Token[], maxMentions: number): void {
  const surnames = new Set<string>();
  for (const f of found) {
    const words = f.text.split(/\s+/);
    const last = words[words.length - 1] ?? "";
    if (f.type === "PER" && words.length > 1 && /^\p{Lu}\p{Ll}/u.test(last)) surnames.add(last);
  }
  if (surnames.size === 0) return;
  const added: Found[] = [];
  let j = 0;
  for (const t of tokens) {
    while (j < found.length && (found[j]?.end ?? 0) <= t.start) j++;
    const f = found[j];
    const covered = f !== undefined && f.start < t.end && t.start < f.end;
    if (!covered && surnames.has(t.text) && found.length + added.length < maxMentions) {
      added.push({ start: t.start, end: t.end, text: t.text, type: "PER", confidence: SURNAME_CONFIDENCE, entry: undefined });
    }
  }
  if (added.length === 0) return;
  found.push(...added);
  found.sort((a, b) => a.start - b.start);
}

/**
 * One name keeps one type within a document: a one-word mention that is the last word of a
 * longer PER mention ("Montalvo" after "Jeremy Montalvo") is a PER; otherwise a name tagged with
 * several types takes the type with the largest summed confidence. Mentions typed by a non-weak
 * alias (countries, curated names) are left alone. Mutates `found`.
 */
export function makeConsistent(found: Found[]): void {
  const surnames = new Set<string>();
  const votes = new Map<string, Map<EntityType, number>>();
  for (const f of found) {
    const words = f.text.split(/\s+/);
    if (f.type === "PER" && words.length > 1) surnames.add((words[words.length - 1] ?? "").toLowerCase());
    const key = f.text.toLowerCase();
    const v = votes.get(key) ?? new Map<EntityType, number>();
    v.set(f.type, (v.get(f.type) ?? 0) + f.confidence);
    votes.set(key, v);
  }
  for (const f of found) {
    if (f.entry && !f.entry.weak) continue;
    const key = f.text.toLowerCase();
    if (!/\s/.test(f.text) && surnames.has(key)) {
      f.type = "PER";
      continue;
    }
    const v = votes.get(key);
    if (!v || v.size < 2) continue;
    let best = f.type;
    for (const [type, score] of v) if (score > (v.get(best) ?? 0)) best = type;
    f.type = best;
  }
}
