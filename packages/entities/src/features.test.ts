import { describe, expect, it } from "vitest";
import { decodeWordClusters, encodeWordClusters, FeatureExtractor, GAZ_TYPE_MASK, gazetteerSourceCode, NUM_TEMPLATES, packClusters } from "./features.ts";
import { Gazetteer } from "./gazetteer.ts";
import { labelIndex } from "./labels.ts";
import { DEFAULT_ALIAS_TABLES, loadGazetteer, loadWordClusters } from "./tagger.ts";

const row = (words: string[], gaz: ArrayLike<number>, extractor: FeatureExtractor, i: number): number[] => [
  ...extractor.extract(words, gaz).subarray(i * NUM_TEMPLATES, (i + 1) * NUM_TEMPLATES),
];

describe("context features: ±2 word classes, titles before, organisation words after", () => {
  const table = new Map([
    ["lyon", packClusters(3, 30, 300)],
    ["nantes", packClusters(3, 30, 300)],
    ["ate", packClusters(5, 50, 500)],
  ]);
  const extractor = new FeatureExtractor(new Map(), table);
  const at = (words: string[], i: number): number[] => row(words, new Uint8Array(words.length), extractor, i);

  it("gives the class of the word two places before and after (templates 44, 45)", () => {
    expect(at(["Lyon", "x", "Jones"], 2)[44]).toBe(at(["Nantes", "x", "Jones"], 2)[44]);
    expect(at(["Lyon", "x", "Jones"], 2)[44]).not.toBe(at(["ate", "x", "Jones"], 2)[44]);
    expect(at(["Jones", "x", "Lyon"], 0)[45]).toBe(at(["Jones", "x", "Nantes"], 0)[45]);
    expect(at(["Jones", "x", "Lyon"], 0)[45]).not.toBe(at(["Jones", "x", "ate"], 0)[45]);
  });

  it("marks a title one or two words before (template 46), whatever the words between", () => {
    const judge = at(["Judge", "Gass"], 1)[46];
    expect(at(["judge", "Anne", "Gass"], 2)[46]).toBe(judge);
    expect(at(["Mr.", "Gass"], 1)[46]).not.toBe(judge);
    expect(at(["the", "Gass"], 1)[46]).not.toBe(judge);
  });

  it("marks an organisation word one or two words after (template 47)", () => {
    const party = at(["Labour", "Party"], 0)[47];
    expect(at(["Labour", "Unity", "Party"], 0)[47]).toBe(party);
    expect(at(["Labour", "Corp."], 0)[47]).not.toBe(party);
    expect(at(["Labour", "said"], 0)[47]).not.toBe(party);
  });
});

describe("word-class features", () => {
  const clusters = loadWordClusters();

  it("ships nested classes for frequent English words", () => {
    expect(clusters.size).toBeGreaterThan(90_000);
    const of = (w: string) => clusters.get(w) ?? -1;
    for (const w of ["london", "paris", "microsoft", "obama", "the"]) expect(of(w)).toBeGreaterThanOrEqual(0);
    // Companies of the same kind share their finest class; a city does not.
    expect(of("microsoft") >>> 16).toBe(of("intel") >>> 16);
    expect(of("microsoft") >>> 16).not.toBe(of("london") >>> 16);
    // Nested: words with the same class among 1024 have the same classes among 256 and 64.
    const byFine = new Map<number, number>();
    for (const packed of clusters.values()) {
      const coarser = packed & 0xffff;
      const seen = byFine.get(packed >>> 16);
      if (seen === undefined) byFine.set(packed >>> 16, coarser);
      else expect(seen).toBe(coarser);
    }
  });

  it("reads back the table format it writes and refuses a truncated file", () => {
    const bytes = encodeWordClusters(
      ["paris", "londres", "été"],
      Uint32Array.from([packClusters(1, 2, 3), packClusters(1, 2, 3), packClusters(63, 255, 1023)]),
    );
    expect([...decodeWordClusters(bytes)]).toEqual([
      ["paris", packClusters(1, 2, 3)],
      ["londres", packClusters(1, 2, 3)],
      ["été", packClusters(63, 255, 1023)],
    ]);
    expect(() => decodeWordClusters(bytes.subarray(0, 10))).toThrow(/truncated/);
    expect(() => decodeWordClusters(bytes.subarray(0, bytes.length - 4))).toThrow(/holds 2 words/);
  });

  it("gives words of one class the same class features, other words other ones", () => {
    const table = new Map([
      ["lyon", packClusters(3, 30, 300)],
      ["nantes", packClusters(3, 30, 300)],
      ["ate", packClusters(5, 50, 500)],
    ]);
    const extractor = new FeatureExtractor(new Map(), table);
    const none = new Uint8Array(3);
    const a = row(["in", "Lyon", "today"], none, extractor, 1);
    const b = row(["in", "Nantes", "today"], none, extractor, 1);
    const c = row(["in", "ate", "today"], none, extractor, 1);
    // Templates 33–35: the word's class at each granularity.
    expect(a.slice(33, 36)).toEqual(b.slice(33, 36));
    expect(a.slice(33, 36).some((f, k) => f === c[33 + k])).toBe(false);
    // The previous word's class (template 36) follows the neighbour.
    expect(row(["Lyon", "x"], new Uint8Array(2), extractor, 1)[36]).toBe(row(["Nantes", "x"], new Uint8Array(2), extractor, 1)[36]);
    // Without a table every word has the "unknown" class.
    const bare = new FeatureExtractor();
    expect(row(["in", "Lyon", "today"], none, bare, 1)[35]).toBe(row(["in", "ate", "today"], none, bare, 1)[35]);
  });
});

describe("alias-table membership features", () => {
  it("codes the type, the table and the place of each token in a match", () => {
    const g = new Gazetteer();
    g.addTable("x1\tORG\tUnited Nations\t\t\t\n", "orgs.tsv", 0);
    g.addTable("x2\tLOC\tNew South Wales\t\t\tweak\nx3\tLOC\tLyon\t\t\tweak\n", "places.tsv", 3);
    const words = ["The", "United", "Nations", "in", "New", "South", "Wales", "and", "Lyon"];
    const codes = Gazetteer.codes(words.length, g.match(words));
    expect([...codes].map((c) => c & GAZ_TYPE_MASK)).toEqual(["O", "B-ORG", "I-ORG", "O", "B-LOC", "I-LOC", "I-LOC", "O", "B-LOC"].map(labelIndex));
    expect([...codes].map((c) => c & ~GAZ_TYPE_MASK)).toEqual([
      0,
      gazetteerSourceCode(0, "first"),
      gazetteerSourceCode(0, "last"),
      0,
      gazetteerSourceCode(3, "first"),
      gazetteerSourceCode(3, "inner"),
      gazetteerSourceCode(3, "last"),
      0,
      gazetteerSourceCode(3, "whole"),
    ]);
  });

  it("keeps the shipped tables' codes whatever extra table is loaded first", () => {
    const shipped = loadGazetteer();
    const words = ["Paris", "and", "Lyon"];
    const before = Gazetteer.codes(3, shipped.match(words));
    expect(before[0] ?? 0).not.toBe(0);
    expect(DEFAULT_ALIAS_TABLES.length).toBeLessThan(14);
    const withExtra = loadGazetteer(undefined, [new URL("../data/aliases/demonyms.tsv", import.meta.url).pathname]);
    const after = Gazetteer.codes(3, withExtra.match(words));
    expect([...after]).toEqual([...before]);
  });

  it("gives the membership features to the tagger", () => {
    const extractor = new FeatureExtractor();
    const words = ["in", "Lyon"];
    const city = Uint16Array.from([0, labelIndex("B-LOC") | gazetteerSourceCode(3, "whole")]);
    const country = Uint16Array.from([0, labelIndex("B-LOC") | gazetteerSourceCode(1, "whole")]);
    const a = row(words, city, extractor, 1);
    const b = row(words, country, extractor, 1);
    expect(a[21]).toBe(b[21]); // same type code
    expect(a[41]).not.toBe(b[41]); // other table
    expect(row(words, city, extractor, 0)[43]).not.toBe(row(words, country, extractor, 0)[43]); // next token's table
  });
});
