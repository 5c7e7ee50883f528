import { gazetteerSourceCode } from "./features.ts";
import { beginOf } from "./labels.ts";
import { aliasKey, aliasKeyNoArticle } from "./normalise.ts";
import { tokenise } from "./tokenise.ts";
import { isEntityType, type EntityType } from "./types.ts";

/** One row of an alias table. */
export interface AliasEntry {
  id: string;
  type: EntityType;
  nameEn: string;
  nameFr: string;
  /** Whether an alias match may add a mention the model missed (flag `nofill` or `weak` turns it off). */
  gapFill: boolean;
  /** Feature-only entry (flag `weak`): never adds a mention nor changes a type; links only mentions of its type. */
  weak: boolean;
  /** Index of the shipped table the row came from (`DEFAULT_ALIAS_TABLES`; 14 for other tables): a feature. */
  table: number;
}

/*
 * A demonym row (`demonym:<country id>`) is named after its country with a qualifier, "Russia
 * (demonym)" / "Russie (gentilé)", which tells it from the country's own row in the tables. A
 * person reads the entity as the country: the qualifier stays out of its name, and the demonym
 * ("Russian", "russe") is what its mentions show.
 */
const DEMONYM_QUALIFIER = /\s+\((?:demonym|gentilé)\)$/u;

/** The name an entry's entity is shown under, in the document's language (events, API, dashboard, CLI). */
export function entityLabel(entry: Pick<AliasEntry, "id" | "nameEn" | "nameFr">, language: "fr" | "en"): string {
  const name = language === "fr" ? entry.nameFr : entry.nameEn;
  return entry.id.startsWith("demonym:") ? name.replace(DEMONYM_QUALIFIER, "") : name;
}

export interface AliasMatch {
  start: number;
  end: number;
  entry: AliasEntry;
}

interface AliasTarget {
  entry: AliasEntry;
  /** For acronyms: the exact upper-case form the text must show. */
  exact?: string;
}

/** Thrown on a malformed alias table row. */
export class AliasTableError extends Error {
  override name = "AliasTableError";
}

const MAX_ALIAS_TOKENS = 10;

function isAcronym(alias: string): boolean {
  const bare = alias.replace(/\./g, "");
  return bare.length <= 6 && /^\p{Lu}[\p{Lu}\p{N}]*$/u.test(bare);
}

/**
 * Alias tables (TSV: id, type, English name, French name, `|`-separated aliases, optional flag `nofill` or `weak`)
 * compiled into a token trie for matching and a key map for linking.
 */
export class Gazetteer {
  /** Space-joined token keys of whole aliases, and of their proper prefixes (a flat trie: far cheaper to build than nested maps). */
  private readonly full = new Map<string, AliasTarget>();
  private readonly prefixes = new Set<string>();
  private readonly byKey = new Map<string, AliasEntry>();
  private readonly tokenKeys = new Map<string, string>();
  private readonly seen = new Set<string>();
  size = 0;

  /**
   * Adds every row of one table; earlier tables win on conflicting aliases.
   * @param table the table's index in the shipped list (a feature of its matches); other tables share 14.
   */
  addTable(tsv: string, source: string, table = 14): void {
    const lines = tsv.split("\n");
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n] ?? "";
      if (line.trim() === "" || line.startsWith("#")) continue;
      const cols = line.split("\t");
      const [id, type, nameEn, nameFr, aliases, flags] = cols;
      if (!id || !type || !nameEn || !isEntityType(type) || id.length > 256) {
        throw new AliasTableError(`${source}:${n + 1}: expected id, type, English name, French name, aliases`);
      }
      const flag = flags?.trim() ?? "";
      const entry: AliasEntry = { id, type, nameEn, nameFr: nameFr || nameEn, gapFill: flag === "", weak: flag === "weak", table };
      // Plain loops, no intermediate arrays: tens of thousands of rows are read at every load.
      this.addAlias(nameEn.trim(), entry);
      if (nameFr) this.addAlias(nameFr.trim(), entry);
      if (aliases) for (const alias of aliases.split("|")) this.addAlias(alias.trim(), entry);
      this.size++;
    }
  }

  private addAlias(alias: string, entry: AliasEntry): void {
    // The same alias in a later row or table changes nothing (first wins): skip its normalisation,
    // which is most of the load time (city names repeat across major-cities.tsv and cities.tsv).
    if (alias === "" || this.seen.has(alias)) return;
    this.seen.add(alias);
    const key = aliasKeyNoArticle(alias);
    if (key === "") return;
    if (!this.byKey.has(key)) this.byKey.set(key, entry);
    const words = /^\p{L}+(?: \p{L}+)*$/u.test(alias) ? alias.split(" ") : tokenise(alias).map((t) => t.text);
    const keys = words.map((w) => this.tokenKey(w)).filter((k) => k !== "");
    if (keys.length === 0 || keys.length > MAX_ALIAS_TOKENS) return;
    let path = "";
    for (let i = 0; i < keys.length - 1; i++) {
      path = i === 0 ? (keys[0] ?? "") : `${path} ${keys[i] ?? ""}`;
      this.prefixes.add(path);
    }
    const whole = keys.join(" ");
    if (!this.full.has(whole)) {
      this.full.set(whole, keys.length === 1 && isAcronym(alias) ? { entry, exact: alias.replace(/\./g, "") } : { entry });
    }
  }

  private tokenKey(text: string): string {
    let k = this.tokenKeys.get(text);
    if (k === undefined) {
      if (this.tokenKeys.size > 100_000) this.tokenKeys.clear();
      k = aliasKey(text);
      this.tokenKeys.set(text, k);
    }
    return k;
  }

  /** Entry whose alias equals the mention text (articles, case and accents ignored). */
  lookup(text: string): AliasEntry | undefined {
    return this.byKey.get(aliasKeyNoArticle(text)) ?? this.byKey.get(aliasKeyNoArticle(text.replace(/['’]s$/u, "")));
  }

  /** Longest non-overlapping alias matches starting on a capitalised word (or exact acronym). */
  match(words: readonly string[]): AliasMatch[] {
    const out: AliasMatch[] = [];
    for (let i = 0; i < words.length; ) {
      const first = words[i] ?? "";
      let best: AliasMatch | undefined;
      if (/^[\p{Lu}\p{N}]/u.test(first)) {
        let path = "";
        for (let j = i; j < words.length && j - i < MAX_ALIAS_TOKENS; j++) {
          const key = this.tokenKey(words[j] ?? "");
          if (key === "") break;
          path = j === i ? key : `${path} ${key}`;
          const hit = this.full.get(path);
          if (hit && (hit.exact === undefined || hit.exact === first.replace(/\./g, ""))) {
            best = { start: i, end: j + 1, entry: hit.entry };
          }
          if (!this.prefixes.has(path)) break;
        }
      }
      if (best) {
        out.push(best);
        i = best.end;
      } else i++;
    }
    return out;
  }

  /**
   * Per-token feature codes, 0 when unmatched: the BIO label index of the matched entry's type, and
   * above it the entry's table and the token's place in the match (`gazetteerSourceCode` in features.ts).
   */
  static codes(n: number, matches: readonly AliasMatch[]): Uint16Array {
    const codes = new Uint16Array(n);
    for (const m of matches) {
      const b = beginOf(m.entry.type);
      for (let i = m.start; i < m.end; i++) {
        const place = m.end - m.start === 1 ? "whole" : i === m.start ? "first" : i === m.end - 1 ? "last" : "inner";
        codes[i] = (i === m.start ? b : b + 1) | gazetteerSourceCode(m.entry.table, place);
      }
    }
    return codes;
  }
}
