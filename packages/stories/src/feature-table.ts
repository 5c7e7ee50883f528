/** Feature groups: linked entities, words (within a language), cross-lingual keys. */
export const ENTITIES = 0;
export const TERMS = 1;
export const CROSS_LINGUAL = 2;
export type Group = typeof ENTITIES | typeof TERMS | typeof CROSS_LINGUAL;

export const groupOf = (feature: string): Group => (feature.charCodeAt(0) === 101 ? ENTITIES : feature.charCodeAt(0) === 116 ? TERMS : CROSS_LINGUAL);

/** The language of a word feature (`t:<lang>:<word>`), `""` for the other groups. */
export const termLanguageOf = (feature: string): string => (groupOf(feature) === TERMS ? feature.slice(2, feature.indexOf(":", 2)) : "");

/** The open stories holding a feature: parallel arrays, iterated without hashing. */
export interface Posting {
  slots: number[];
  weights: number[];
}

const grow = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(array: T, size: number, make: (n: number) => T): T => {
  if (size <= array.length) return array;
  const next = make(Math.max(size, array.length * 2));
  next.set(array);
  return next;
};

/**
 * Features interned once as small integers, with what a decision needs of each in typed arrays
 * (document frequency, group, language, idf of the current decision), so that scoring an open
 * story reads arrays instead of hashing strings. An id is released when its feature has no
 * document count left and no open story holds it: the table stays as bounded as the model.
 */
export class FeatureTable {
  private readonly ids = new Map<string, number>();
  private readonly free: number[] = [];
  readonly names: string[] = [];
  /** Open stories holding the feature (their slots) with its weight there; a story knows its place in each. */
  readonly postings: (Posting | undefined)[] = [];
  df = new Float64Array(1024);
  group = new Uint8Array(1024);
  /** Interned language of a word feature, -1 for the other groups. */
  language = new Int32Array(1024);
  private idfStamp = new Uint32Array(1024);
  private idfValue = new Float64Array(1024);
  private readonly languages = new Map<string, number>();
  /** Features with a document count (the vocabulary the idf is over). */
  vocabulary = 0;

  /** The id of a feature already known, or -1. */
  lookup(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  languageId(language: string): number {
    let id = this.languages.get(language);
    if (id === undefined) this.languages.set(language, (id = this.languages.size));
    return id;
  }

  intern(name: string): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    const id = this.free.pop() ?? this.names.length;
    if (id === this.names.length) {
      this.names.push(name);
      this.postings.push(undefined);
      const size = this.names.length;
      this.df = grow(this.df, size, (n) => new Float64Array(n));
      this.group = grow(this.group, size, (n) => new Uint8Array(n));
      this.language = grow(this.language, size, (n) => new Int32Array(n));
      this.idfStamp = grow(this.idfStamp, size, (n) => new Uint32Array(n));
      this.idfValue = grow(this.idfValue, size, (n) => new Float64Array(n));
    } else this.names[id] = name;
    this.ids.set(name, id);
    this.df[id] = 0;
    this.idfStamp[id] = 0;
    const group = groupOf(name);
    this.group[id] = group;
    this.language[id] = group === TERMS ? this.languageId(termLanguageOf(name)) : -1;
    return id;
  }

  /** Forgets the feature if nothing refers to it any more. */
  releaseIfUnused(id: number): void {
    if (this.df[id] !== 0 || this.postings[id] !== undefined) return;
    const name = this.names[id];
    if (name === undefined || this.ids.get(name) !== id) return;
    this.ids.delete(name);
    this.names[id] = "";
    this.free.push(id);
  }

  /** idf = ln(1 + (N+1)/(1+df)), computed once per feature and decision (`stamp` names the decision). */
  idf(id: number, documents: number, stamp: number): number {
    if (this.idfStamp[id] === stamp) return this.idfValue[id] ?? 0;
    const value = Math.log(1 + (documents + 1) / (1 + (this.df[id] ?? 0)));
    this.idfStamp[id] = stamp;
    this.idfValue[id] = value;
    return value;
  }

  /** Invalidates every memoised idf (the stamp counter wrapped). */
  resetStamps(): void {
    this.idfStamp.fill(0);
  }

  /** Every known feature id (for the halving of the counts and the snapshot). */
  get size(): number {
    return this.names.length;
  }
}
