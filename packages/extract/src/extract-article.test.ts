import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../bench/fixtures.ts";
import { extractArticle } from "./index.ts";

const page = (path: string): Uint8Array => new Uint8Array(readFileSync(`${FIXTURES}${path}`));

describe("extractArticle on fixture pages", () => {
  it("reads metadata from JSON-LD, OpenGraph and <link rel=canonical>", () => {
    const r = extractArticle({ html: page("dev/synthetic/presse-fr-tramway.html"), url: "https://news.example.fr/x" });
    expect(r).toMatchObject({
      kind: "article",
      title: "Le tramway de la métropole prolongé jusqu'à l'aéroport",
      authors: ["Claire Fontaine"],
      publishedAt: "2024-02-20T05:45:00.000Z",
      language: "fr",
      canonicalUrl: "https://news.example.fr/transports/fr-tramway",
      siteName: "Le Courrier du Sud",
      imageUrl: "https://news.example.fr/img/fr-tramway.jpg",
      isLiveBlog: false,
    });
    expect(r.lead).toMatch(/^Les travaux/);
    // Headings and list items stay; the "Lire aussi" box, ads, captions and share bar go.
    expect(r.text).toContain("Des commerçants inquiets\n");
    expect(r.text).toContain("mise en service prévue à l'été 2027");
    expect(r.text).not.toMatch(/Lire aussi|Publicité|Partager|Photo agence|cookies/);
    expect(r.wordCount).toBeGreaterThan(120);
  });

  it("reads microdata and drops comments, tags and sidebars (no JSON-LD)", () => {
    const r = extractArticle({ html: page("dev/synthetic/drupal-en-vaccine.html"), url: "https://example.org/n/1" });
    expect(r.authors).toEqual(["Dr Hannah Weiss"]);
    expect(r.publishedAt).toBe("2024-01-09T07:30:00.000Z");
    expect(r.text.split("\n")[0]).toMatch(/^The regional health service/);
    expect(r.text).toContain("walk-in sessions every Saturday in twelve towns");
    expect(r.text).not.toMatch(/Add new comment|Latest news|All rights reserved|thirty years/);
  });

  it("detects live blogs and keeps every update", () => {
    const r = extractArticle({ html: page("dev/synthetic/live-fr-live-elections.html"), url: "https://example.fr/live" });
    expect(r.isLiveBlog).toBe(true);
    expect(r.kind).toBe("article");
    expect(r.text).toContain("Le maire sortant réélu");
    expect(r.text).toContain("Les bureaux de vote sont désormais fermés.");
  });

  it("reports listings, paywalls and consent walls", () => {
    expect(extractArticle({ html: page("kinds/listing-home.html"), url: "https://example.com/" })).toMatchObject({ kind: "listing", text: "" });
    expect(extractArticle({ html: page("kinds/paywall-fr.html"), url: "https://example.fr/a" }).kind).toBe("paywall");
    expect(extractArticle({ html: page("kinds/consent-wall.html"), url: "https://example.com/a" }).kind).toBe("paywall");
  });

  it("detects the language from the text when the page does not declare it", () => {
    const html = `<html><body><article><p>${"Les habitants du quartier attendent depuis des années la rénovation de la piscine municipale, fermée depuis l'hiver dernier. ".repeat(3)}</p></article></body></html>`;
    expect(extractArticle({ html, url: "https://example.fr/a" }).language).toBe("fr");
  });

  it("uses JSON-LD articleBody when the DOM hides the text", () => {
    const body = "The committee met on Tuesday to discuss the budget for next year, and agreed on most of the proposals. ".repeat(5);
    const html = `<html><head><script type="application/ld+json">${JSON.stringify({ "@type": "NewsArticle", headline: "Budget", articleBody: body, datePublished: "2024-05-01T10:00:00+02:00" })}</script></head><body><div id="app"></div><nav><a href="/">Home</a></nav></body></html>`;
    const r = extractArticle({ html, url: "https://example.com/a" });
    expect(r.text).toContain("The committee met on Tuesday");
    expect(r.publishedAt).toBe("2024-05-01T08:00:00.000Z");
  });
});
