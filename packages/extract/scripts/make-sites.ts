/**
 * Regenerates the site-split set: fixtures/dev/sites (tuning) and fixtures/eval/sites (held out,
 * never tuned on) from fixtures/sites-src/articles.json and scripts/site-templates.ts.
 * 66 fictional sites (22 French, 22 English, 22 German), each one builder family and a mix of
 * in-body boilerplate; even-numbered sites go to dev, odd-numbered ones to eval, so no site has
 * pages on both sides. Usage: tsx scripts/make-sites.ts
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAMILIES, goldFor, INSERT_KINDS, renderPage, type InsertKind, type Lang, type Site, type SiteArticle } from "./site-templates.ts";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const articles = JSON.parse(readFileSync(join(fixtures, "sites-src", "articles.json"), "utf8")) as SiteArticle[];

const NAMES: Record<Lang, [string[], string[]]> = {
  fr: [
    ["L'Écho", "La Gazette", "Le Courrier", "Le Réveil", "La Voix", "Le Journal", "L'Indépendant", "Le Progrès"],
    ["du Morvan", "de l'Estuaire", "des Causses", "du Vexin", "de la Vallée", "du Littoral", "des Alpilles", "du Bocage"],
  ],
  en: [
    ["The Chronicle", "The Herald", "The Observer", "The Standard", "The Post", "The Gazette", "The Examiner", "The Ledger"],
    ["of Eastvale", "of Redcliff", "of Sandmoor", "of Highbury Vale", "of Larkspur", "of Northwick", "of Fenwick", "of Oakridge"],
  ],
  de: [
    ["Oberland", "Weserland", "Talstadt", "Seeburg", "Lindenau", "Hochfeld", "Mühlbach", "Rheinau"],
    ["Anzeiger", "Rundschau", "Kurier", "Tagblatt", "Zeitung", "Bote", "Nachrichten", "Echo"],
  ],
};
const LANGS: Lang[] = ["fr", "en", "de"];
const slug = (s: string): string =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const usedNames = new Set<string>();
function siteOf(i: number): Site {
  const lang = LANGS[i % 3] ?? "fr";
  const [a, b] = NAMES[lang];
  const k = Math.floor(i / 3);
  // Each site gets a name of its own: a site must never have pages on both sides of the split.
  let name = "";
  for (let shift = 0; name === "" || usedNames.has(name); shift++) name = `${a[k % a.length] ?? ""} ${b[(k * 3 + 1 + shift) % b.length] ?? ""}`;
  usedNames.add(name);
  const family = FAMILIES[i % FAMILIES.length] ?? "elementor";
  // Sites i, i+6, i+12… share split (i mod 2) and language (i mod 3): cycling the kinds over
  // them gives every split and language every kind of boilerplate.
  const round = Math.floor(i / 6);
  const inserts: InsertKind[] = [INSERT_KINDS[round % INSERT_KINDS.length] ?? "paywall", INSERT_KINDS[(round + 3) % INSERT_KINDS.length] ?? "teaser"];
  return { key: `${String(i).padStart(2, "0")}-${slug(name)}`, name, domain: `${slug(name)}.example`, lang, family, inserts: [...new Set(inserts)] };
}

const out: Record<"dev" | "eval", Record<string, { url: string; articleBody: string; site: string; family: string; lang: string }>> = { dev: {}, eval: {} };
for (const split of ["dev", "eval"] as const) rmSync(join(fixtures, split, "sites"), { recursive: true, force: true });
for (let i = 0; i < 66; i++) {
  const site = siteOf(i);
  const split = i % 2 === 0 ? "dev" : "eval";
  const pool = articles.filter((a) => a.lang === site.lang);
  const dir = join(fixtures, split, "sites");
  mkdirSync(dir, { recursive: true });
  for (let j = 0; j < 2; j++) {
    const article = pool[(Math.floor(i / 3) + j) % pool.length];
    if (article === undefined) continue;
    const others = [...articles.filter((o) => o.id !== article.id && o.lang === site.lang), ...articles.filter((o) => o.lang !== site.lang)].slice(0, 6);
    const file = `${site.key}--${site.family}--${article.id}.html`;
    writeFileSync(join(dir, file), renderPage(site, article, others, i * 2 + j));
    out[split][file] = {
      url: `https://${site.domain}/article/${article.id}`,
      articleBody: goldFor(site, article),
      site: site.key,
      family: site.family,
      lang: site.lang,
    };
  }
}
for (const split of ["dev", "eval"] as const) writeFileSync(join(fixtures, split, "sites", "gold.json"), `${JSON.stringify(out[split], null, 1)}\n`);
console.log(`dev ${Object.keys(out.dev).length} pages, eval ${Object.keys(out.eval).length} pages`);
