import { describe, expect, it } from "vitest";
import { indexText, matchesQuery } from "./match-query.ts";
import { isEmptyQuery, normaliseText, parseQuery, tokenise } from "./parse-query.ts";

const matches = (query: string, text: string) => matchesQuery(parseQuery(query), indexText(text));

describe("parseQuery", () => {
  it("reads words, phrases, exclusions and or", () => {
    expect(parseQuery('macron "réforme des retraites" -sport')).toEqual({
      required: [[["macron"]], [["reforme", "des", "retraite"]]],
      excluded: [["sport"]],
    });
    expect(parseQuery("grève or manifestation SNCF")).toEqual({ required: [[["greve"], ["manifestation"]], [["sncf"]]], excluded: [] });
  });
  it("chains or across several terms into one group", () => {
    expect(parseQuery("a1 OR b2 or c3 d4").required).toEqual([[["a1"], ["b2"], ["c3"]], [["d4"]]]);
  });
  it("ignores what a search engine ignores: a lone or, a lone dash, an unclosed quote is a phrase to the end", () => {
    expect(parseQuery("or climat or")).toEqual({ required: [[["climat"]]], excluded: [] });
    expect(parseQuery("climat - accord")).toEqual({ required: [[["climat"]], [["accord"]]], excluded: [] });
    expect(parseQuery('"accord de paris')).toEqual({ required: [[["accord", "de", "pari"]]], excluded: [] });
    expect(isEmptyQuery(parseQuery(' "" or - '))).toBe(true);
  });
  it("treats an excluded phrase as one term, and a hyphenated word as a phrase", () => {
    expect(parseQuery('-"coupe du monde" Jean-Luc')).toEqual({ required: [[["jean", "luc"]]], excluded: [["coupe", "du", "monde"]] });
  });
});

describe("normalisation", () => {
  it("drops case, accents and ligatures", () => {
    expect(normaliseText("Élysée ÇA œuvre Straße")).toBe("elysee ca oeuvre strasse");
    expect(tokenise("L'Élysée, aujourd'hui")).toEqual(["l", "elysee", "aujourd", "hui"]);
  });
  it("folds a plural s on longer words only", () => {
    expect(tokenise("élections bus class")).toEqual(["election", "bus", "class"]);
  });
});

describe("matchesQuery", () => {
  const fr = "Le président Macron a reçu les syndicats à l'Élysée pour parler de la réforme des retraites.";
  const en = "The European Central Bank raised interest rates again on Thursday.";
  it("matches words whatever their case and accents", () => {
    expect(matches("elysee MACRON", fr)).toBe(true);
    expect(matches("Élysée", "visite a l'elysee")).toBe(true);
    expect(matches("elysee matignon", fr)).toBe(false);
  });
  it("matches a phrase only with its words in order and adjacent", () => {
    expect(matches('"réforme des retraites"', fr)).toBe(true);
    expect(matches('"retraites des réforme"', fr)).toBe(false);
    expect(matches('"central bank"', en)).toBe(true);
    expect(matches('"european bank"', en)).toBe(false);
  });
  it("excludes", () => {
    expect(matches("macron -syndicats", fr)).toBe(false);
    expect(matches("macron -football", fr)).toBe(true);
    expect(matches('bank -"interest rate"', en)).toBe(false);
  });
  it("accepts either side of or", () => {
    expect(matches("grève or syndicat", fr)).toBe(true);
    expect(matches("grève or manifestation", fr)).toBe(false);
    expect(matches("rates or taux thursday", en)).toBe(true);
  });
  it("matches singular and plural", () => {
    expect(matches("syndicat", fr)).toBe(true);
    expect(matches("interest rate", en)).toBe(true);
  });
  it("a word does not match inside another word", () => {
    expect(matches("bank", "Banking news")).toBe(false);
    expect(matches("ras", "raised")).toBe(false);
  });
});
