// Writes fixtures/classes/: one small feed per (failure class × site), all written for this
// project, and expected.json. Run: pnpm --filter @vigie/feeds exec tsx scripts/make-class-fixtures.ts
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";

interface Site {
  key: string;
  title: string;
  link: string;
  lang: string;
  items: string[];
}

const SITES: Site[] = [
  {
    key: "fr",
    title: "Le Quotidien du Soir — À la une",
    link: "https://www.quotidien-soir.example/",
    lang: "fr-FR",
    items: [
      "Budget 2027 : l'Assemblée adopte la première partie",
      "Grève à la SNCF : trafic très perturbé jeudi",
      "Météo : des orages attendus dans le Sud-Est",
    ],
  },
  {
    key: "en",
    title: "Harbour Town Gazette",
    link: "https://gazette.harbour.example/",
    lang: "en-GB",
    items: ["Council approves new ferry timetable", "Lifeboat crew rescues two kayakers", "Fish market reopens after renovation"],
  },
  {
    key: "de",
    title: "Nachrichten aus Großstadt",
    link: "https://www.grossstadt-nachrichten.example/",
    lang: "de-DE",
    items: ["Bürgermeisterin eröffnet Brücke über die Süderelbe", "Straßenbahn fährt ab Montag öfter", "Schüler gewinnen Preis für Müllsammel-App"],
  },
  {
    key: "es",
    title: "Diario del Puerto",
    link: "https://www.diariodelpuerto.example/",
    lang: "es-ES",
    items: ["El ayuntamiento aprueba la reforma del muelle", "Récord de pasajeros en el aeropuerto en otoño", "La biblioteca amplía su horario en diciembre"],
  },
];

interface Fixture {
  file: string;
  bytes: Uint8Array | string;
  expected: { class: string; title?: string; items: number; firstTitle?: string } | { class: string; error: string };
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const itemLink = (site: Site, i: number): string => `${site.link}article/${i + 1}.html`;
const DATES = ["Tue, 24 Nov 2026 08:00:00 +0100", "Mon, 23 Nov 2026 17:30:00 +0100", "Sun, 22 Nov 2026 12:00:00 +0100"];

function rssItems(site: Site, p = "", titleTag = "title"): string {
  return site.items
    .map(
      (t, i) =>
        `<${p}item><${p}${titleTag}>${esc(t)}</${p}${titleTag}><${p}link>${itemLink(site, i)}</${p}link><${p}description>${esc(t)}.</${p}description><${p}pubDate>${DATES[i]}</${p}pubDate></${p}item>`,
    )
    .join("\n");
}

function rss(site: Site, opts: { version?: string | undefined; channel?: boolean; prefix?: string; rootAttrs?: string; decl?: string } = {}): string {
  const p = opts.prefix ?? "";
  const version = opts.version === undefined ? "" : ` version="${opts.version}"`;
  const head = `<${p}title>${esc(site.title)}</${p}title><${p}link>${site.link}</${p}link><${p}language>${site.lang.toLowerCase()}</${p}language>`;
  const body = opts.channel === false ? `${head}\n${rssItems(site, p)}` : `<${p}channel>${head}\n${rssItems(site, p)}</${p}channel>`;
  return `${opts.decl ?? '<?xml version="1.0" encoding="utf-8"?>'}\n<${p}rss${version}${opts.rootAttrs ?? ""}>${body}</${p}rss>\n`;
}

const RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"';
function rdf(site: Site, opts: { prefix?: string; ns?: string; channel?: boolean; itemPrefix?: string } = {}): string {
  const p = opts.prefix ?? "";
  const ip = opts.itemPrefix ?? p;
  const ns = opts.ns ?? 'xmlns="http://purl.org/rss/1.0/"';
  const items = site.items
    .map((t, i) => `<${ip}item rdf:about="${itemLink(site, i)}"><${ip}title>${esc(t)}</${ip}title><${ip}link>${itemLink(site, i)}</${ip}link></${ip}item>`)
    .join("\n");
  const channel =
    opts.channel === false
      ? ""
      : `<${p}channel rdf:about="${site.link}"><${p}title>${esc(site.title)}</${p}title><${p}link>${site.link}</${p}link></${p}channel>\n`;
  return `<?xml version="1.0"?>\n<rdf:RDF ${RDF_NS} ${ns}>\n${channel}${items}\n</rdf:RDF>\n`;
}

const ATOM_NS = "http://www.w3.org/2005/Atom";
function atom(site: Site, opts: { rootPrefix?: string; entryPrefix?: string; declare?: string } = {}): string {
  const rp = opts.rootPrefix ?? "";
  const ep = opts.entryPrefix ?? rp;
  const entries = site.items
    .map(
      (t, i) =>
        `<${ep}entry><${ep}title>${esc(t)}</${ep}title><${ep}link href="${itemLink(site, i)}"/><${ep}id>urn:${site.key}:${i}</${ep}id><${ep}updated>2026-11-2${4 - i}T08:00:00Z</${ep}updated></${ep}entry>`,
    )
    .join("\n");
  const decl = opts.declare ?? (rp === "" ? `xmlns="${ATOM_NS}"` : `xmlns:${rp.slice(0, -1)}="${ATOM_NS}"`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<${rp}feed ${decl}><${rp}title>${esc(site.title)}</${rp}title><${rp}link href="${site.link}"/><${rp}id>urn:${site.key}</${rp}id>\n${entries}\n</${rp}feed>\n`;
}

const ok = (
  cls: string,
  site: Site,
  items = site.items.length,
  firstTitle: string | null = site.items[0] ?? null,
  title: string | null = site.title,
): Fixture["expected"] => {
  const e: { class: string; title?: string; items: number; firstTitle?: string } = { class: cls, items };
  if (title !== null) e.title = title;
  if (firstTitle !== null) e.firstTitle = firstTitle;
  return e;
};

function fixturesFor(site: Site): Fixture[] {
  const s = site.key;
  const out: Fixture[] = [];
  const add = (cls: string, name: string, bytes: Uint8Array | string, expected = ok(cls, site)): void => {
    const ext = typeof bytes === "string" && bytes.startsWith("{") ? "json" : "xml";
    out.push({ file: `${cls}--${name}-${s}.${ext}`, bytes, expected });
  };
  // Structure
  add("no-channel", "rss20", rss(site, { version: "2.0", channel: false }));
  add("no-channel", "rss091", rss(site, { version: "0.91", channel: false }));
  add("no-channel", "rdf", rdf(site, { channel: false }), ok("no-channel", site, 3, site.items[0], null));
  for (const v of ["0.91", "0.92", "0.93", "0.94", "2.0", "2.0.1", "2.01", "3.0"]) add("rss-version", `v${v.replace(/\./g, "")}`, rss(site, { version: v }));
  add("rss-version", "v090", rdf(site, { ns: 'xmlns="http://my.netscape.com/rdf/simple/0.9/"' }));
  add("rss1-prefixed", "rss-prefix", rdf(site, { prefix: "rss:", ns: 'xmlns:rss="http://purl.org/rss/1.0/"' }));
  add("rss1-prefixed", "items-prefixed", rdf(site, { itemPrefix: "r1:", ns: 'xmlns="http://purl.org/rss/1.0/" xmlns:r1="http://purl.org/rss/1.0/"' }));
  add("prefixed-root", "rss-undeclared", rss(site, { version: "2.0", prefix: "r:" }));
  add("prefixed-root", "rss-userland", rss(site, { version: "2.0", prefix: "r:", rootAttrs: ' xmlns:r="http://backend.userland.com/rss2"' }));
  add("prefixed-root", "atom-a", atom(site, { rootPrefix: "a:" }));
  add("prefixed-entries", "atom-default-ns", atom(site, { entryPrefix: "a:", declare: `xmlns="${ATOM_NS}" xmlns:a="${ATOM_NS}"` }));
  // Encodings
  const feed = rss(site, { version: "2.0" });
  const bare = rss(site, { version: "2.0", decl: "" }).trimStart();
  const enc = (text: string, charset: string, bom: boolean): Uint8Array => new Uint8Array(iconv.encode(text, charset, { addBOM: bom }));
  add("encoding", "utf32le-bom", enc(rss(site, { version: "2.0", decl: '<?xml version="1.0" encoding="UTF-32"?>' }), "utf-32le", true));
  add("encoding", "utf32be-bom", enc(rss(site, { version: "2.0", decl: '<?xml version="1.0" encoding="UTF-32"?>' }), "utf-32be", true));
  add("encoding", "utf32le-nobom", enc(rss(site, { version: "2.0", decl: '<?xml version="1.0" encoding="UTF-32LE"?>' }), "utf-32le", false));
  add("encoding", "utf32be-nobom-nodecl", enc(bare, "utf-32be", false));
  add("encoding", "utf16le-nobom-nodecl", enc(bare, "utf-16le", false));
  add("encoding", "utf16be-nobom-nodecl", enc(bare, "utf-16be", false));
  add("encoding", "utf16le-nobom-prolog", enc(rss(site, { version: "2.0", decl: '<?xml version="1.0"?>' }), "utf-16le", false));
  add("encoding", "bom-utf8-decl-latin1", enc(rss(site, { version: "2.0", decl: '<?xml version="1.0" encoding="ISO-8859-1"?>' }), "utf-8", true));
  add("encoding", "bom-utf16-decl-utf8", enc(feed, "utf-16le", true));
  add("encoding", "utf8-decl-utf16", enc(rss(site, { version: "2.0", decl: '<?xml version="1.0" encoding="UTF-16"?>' }), "utf-8", false));
  // Ill-formed XML, recovered
  const last = site.items[2] ?? "";
  add("truncated", "mid-description", feed.slice(0, feed.lastIndexOf(`${esc(last)}.</description>`) + 5));
  add("truncated", "after-item", feed.slice(0, feed.lastIndexOf("</item>") + 7));
  add("truncated", "mid-title", feed.slice(0, feed.lastIndexOf(`<title>${esc(last)}`) + 7 + 4), ok("truncated", site, 3));
  const atomFeed = atom(site);
  add("truncated", "atom-mid-entry", atomFeed.slice(0, atomFeed.lastIndexOf("<updated>")));
  add(
    "unterminated-cdata",
    "description",
    feed.replace(`<description>${esc(last)}.</description>`, `<description><![CDATA[<p>${last}</p>`).replace(/<\/item>\s*<\/channel>\s*<\/rss>\s*$/, ""),
  );
  add(
    "unterminated-cdata",
    "title",
    feed.replace(`<title>${esc(last)}</title>`, `<title><![CDATA[${last}`).replace(/<\/item>\s*<\/channel>\s*<\/rss>\s*$/, ""),
    ok("unterminated-cdata", site, 3),
  );
  add("malformed-comment", "double-dash", feed.replace("<channel>", "<channel><!-- generated -- by CMS -- v2 -->"));
  add("malformed-comment", "single-dash", feed.replace("<channel>", "<channel><!- legacy comment ->"));
  add(
    "malformed-comment",
    "unclosed-in-item",
    feed.replace(`<description>${esc(last)}.</description>`, `<description>${esc(last)}.</description><!-- tracking pixel`),
  );
  add(
    "unknown-entity",
    "html-named",
    feed.replace(`<description>${esc(site.items[0] ?? "")}.`, `<description>${esc(site.items[0] ?? "")}&nbsp;&mdash; &eacute;t&eacute; &hellip;`),
  );
  add("unknown-entity", "undefined-name", feed.replace("<channel>", "<channel><copyright>&copy; 2026 &publisher;</copyright>"));
  // JSON Feed
  const jsonItems = site.items.map((t, i) => ({ id: `${s}-${i}`, url: itemLink(site, i), title: t, content_text: t }));
  add("jsonfeed-version", "short-10", JSON.stringify({ version: "1.0", title: site.title, home_page_url: site.link, items: jsonItems }));
  add("jsonfeed-version", "short-11", JSON.stringify({ version: "1.1", title: site.title, items: jsonItems }));
  add("jsonfeed-version", "short-1", JSON.stringify({ version: 1, title: site.title, items: jsonItems }));
  add(
    "jsonfeed-no-items",
    "url-version",
    JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: site.title }),
    ok("jsonfeed-no-items", site, 0, null),
  );
  add(
    "jsonfeed-no-items",
    "short-version",
    JSON.stringify({ version: "1.1", title: site.title, home_page_url: site.link }),
    ok("jsonfeed-no-items", site, 0, null),
  );
  // Values
  const b64 = (t: string): string => Buffer.from(t, "utf8").toString("base64");
  const atom03 = (titleOf: (t: string) => string): string =>
    `<?xml version="1.0"?>\n<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>${esc(site.title)}</title><link rel="alternate" type="text/html" href="${site.link}"/>\n${site.items
      .map(
        (t, i) =>
          `<entry>${titleOf(t)}<link rel="alternate" type="text/html" href="${itemLink(site, i)}"/><id>urn:${s}:${i}</id><issued>2026-11-2${4 - i}T08:00:00Z</issued></entry>`,
      )
      .join("\n")}\n</feed>\n`;
  add(
    "base64-text",
    "atom03-entry-titles",
    atom03((t) => `<title type="text/plain" mode="base64">${b64(t)}</title>`),
  );
  add(
    "base64-text",
    "atom03-feed-title",
    atom03((t) => `<title>${esc(t)}</title>`).replace(`<title>${esc(site.title)}</title>`, `<title mode="base64">${b64(site.title)}</title>`),
  );
  const dc = 'xmlns:dc="http://purl.org/dc/elements/1.1/"';
  add("dc-title", "items", rss(site, { version: "2.0", rootAttrs: ` ${dc}` }).replace(/<(\/?)title>/g, "<$1dc:title>"));
  add(
    "dc-title",
    "channel-only",
    rss(site, { version: "2.0", rootAttrs: ` ${dc}` }).replace(`<title>${esc(site.title)}</title>`, `<dc:title>${esc(site.title)}</dc:title>`),
  );
  add("odd-case", "upper-title", feed.replace(/<(\/?)title>/g, "<$1TITLE>"));
  add("odd-case", "camel-title", feed.replace(/<(\/?)title>/g, "<$1Title>"));
  add("odd-case", "upper-item", feed.replace(/<(\/?)item>/g, "<$1Item>").replace(/<(\/?)channel>/g, "<$1Channel>"));
  add("markup-in-attribute", "category-term", feed.replace(/<\/pubDate>/g, '</pubDate><category domain="<b>section</b>">Actualité</category>'));
  add(
    "markup-in-attribute",
    "enclosure-title",
    feed.replace(/<\/pubDate>/g, `</pubDate><enclosure url="${site.link}img.jpg" type="image/jpeg" length="1" title="<i>photo</i> & co"/>`),
  );
  add("markup-in-attribute", "atom-link-title", atomFeed.replace(/<link href="([^"]+)"\/>/g, '<link href="$1" title="<em>lire</em> la suite"/>'));
  return out;
}

const dir = join(import.meta.dirname, "..", "fixtures", "classes");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const expected: Record<string, unknown> = {
  $comment: "Generated by scripts/make-class-fixtures.ts (written for this project): one feed per failure class and site; what a correct parse gives.",
};
for (const site of SITES) {
  for (const f of fixturesFor(site)) {
    writeFileSync(join(dir, f.file), f.bytes);
    expected[f.file] = f.expected;
  }
}
writeFileSync(join(dir, "expected.json"), `${JSON.stringify(expected, null, 2)}\n`);
console.log(`${Object.keys(expected).length - 1} fixtures in ${dir}`);
