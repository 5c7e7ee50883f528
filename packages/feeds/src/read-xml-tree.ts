import { Parser } from "htmlparser2";

/** An element of the tolerant tree: names already mapped to the prefixes the normaliser reads. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

// Namespace URI → the prefix feeds conventionally use for it ("" = a core feed element). Elements
// are named by what they mean, not by how the document spelled their prefix: `<rss:item>` under
// xmlns:rss="http://purl.org/rss/1.0/" and `<item>` under a default namespace are the same thing.
const CORE_URIS = new Set([
  "http://purl.org/rss/1.0/",
  "http://my.netscape.com/rdf/simple/0.9/",
  "http://backend.userland.com/rss2",
  "http://backend.userland.com/rss",
  "http://blogs.law.harvard.edu/tech/rss",
  "http://purl.org/atom/ns#",
]);
const ATOM_URI = "http://www.w3.org/2005/Atom";
const KNOWN_PREFIXES = new Map([
  ["http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"],
  ["http://purl.org/dc/elements/1.1/", "dc"],
  ["http://purl.org/dc/terms/", "dcterms"],
  ["http://purl.org/rss/1.0/modules/content/", "content"],
  ["http://purl.org/rss/1.0/modules/syndication/", "sy"],
  ["http://search.yahoo.com/mrss/", "media"],
  ["http://search.yahoo.com/mrss", "media"],
  ["http://rssnamespace.org/feedburner/ext/1.0", "feedburner"],
  ["http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"],
  ["http://www.w3.org/XML/1998/namespace", "xml"],
]);
// Prefixes that mean the same thing whether or not the document declares them.
const CONVENTIONAL = new Set([
  "rdf",
  "dc",
  "dcterms",
  "content",
  "sy",
  "media",
  "feedburner",
  "itunes",
  "xml",
  "atom",
  "xmlns",
  "slash",
  "wfw",
  "georss",
  "geo",
  "thr",
  "admin",
  "trackback",
  "opensearch",
  "googleplay",
  "podcast",
  "xhtml",
  "html",
  "g",
]);
// Feed vocabulary is lower-case but for these; any other case (`<TITLE>`, `<PubDate>`) is a typo.
const MIXED_CASE = new Map(
  [
    "pubDate",
    "lastBuildDate",
    "webMaster",
    "managingEditor",
    "skipHours",
    "skipDays",
    "RDF",
    "isPermaLink",
    "updatePeriod",
    "updateFrequency",
    "updateBase",
    "origLink",
    "fileSize",
    "textInput",
  ].map((n) => [n.toLowerCase(), n]),
);
const ROOTS = new Set(["rss", "rdf:RDF", "RDF", "feed"]);

type Scope = Map<string, string>;

function localCase(local: string): string {
  return MIXED_CASE.get(local.toLowerCase()) ?? local.toLowerCase();
}

function resolveName(qname: string, scope: Scope, atomRoot: boolean, rootPrefix: string | undefined, isAttribute: boolean): string {
  const colon = qname.indexOf(":");
  const prefix = colon > 0 ? qname.slice(0, colon) : "";
  const local = localCase(colon > 0 ? qname.slice(colon + 1) : qname);
  if (prefix === "") return local; // unprefixed attributes have no namespace; elements take the feed's
  const lowerPrefix = prefix.toLowerCase();
  if (lowerPrefix === "xmlns" || lowerPrefix === "xml") return `${lowerPrefix}:${local}`;
  const uri = scope.get(prefix);
  if (uri !== undefined) {
    if (CORE_URIS.has(uri)) return local;
    if (uri === ATOM_URI) return atomRoot ? local : `atom:${local}`;
    const known = KNOWN_PREFIXES.get(uri);
    if (known !== undefined) return `${known}:${local}`;
  }
  // An undeclared (or oddly declared) prefix that the root element also wore is the feed's own
  // vocabulary (`<r:rss>…<r:item>`); a conventional one keeps its usual meaning.
  if (!isAttribute && prefix === rootPrefix && !CONVENTIONAL.has(lowerPrefix)) return local;
  return `${lowerPrefix}:${local}`;
}

/** The element's own namespace declarations on top of its parent's. */
function scopeOf(parent: Scope, attrs: Record<string, string>): Scope {
  let scope = parent;
  for (const [name, value] of Object.entries(attrs)) {
    if (name !== "xmlns" && !name.startsWith("xmlns:")) continue;
    if (scope === parent) scope = new Map(parent);
    scope.set(name === "xmlns" ? "" : name.slice(6), value.trim());
  }
  return scope;
}

/**
 * Reads any document that looks like XML into a tree, never throwing: unclosed elements are closed
 * at the end (truncated feeds), an unterminated CDATA section runs to the end, malformed comments
 * and declarations are skipped, unknown entities stay as literal text for the HTML-aware text
 * cleaner, and `<` inside attribute values is kept. Names are resolved through namespace
 * declarations to the prefixes the normaliser reads (see `resolveName`) and lower-cased.
 * Returns the root element, or undefined when there is none.
 */
export function readXmlTree(xml: string): XmlElement | undefined {
  const root: XmlElement = { name: "#document", attrs: {}, children: [] };
  const stack: { element: XmlElement; scope: Scope }[] = [{ element: root, scope: new Map() }];
  let atomRoot = false;
  let rootPrefix: string | undefined;
  const parser = new Parser(
    {
      onopentag(qname, rawAttrs) {
        const top = stack[stack.length - 1];
        if (top === undefined) return;
        const scope = scopeOf(top.scope, rawAttrs);
        if (stack.length === 1) {
          const colon = qname.indexOf(":");
          const local = (colon > 0 ? qname.slice(colon + 1) : qname).toLowerCase();
          if (colon > 0) rootPrefix = qname.slice(0, colon);
          atomRoot = local === "feed";
        }
        const attrs: Record<string, string> = {};
        for (const [name, value] of Object.entries(rawAttrs)) attrs[resolveName(name, scope, atomRoot, rootPrefix, true)] = value;
        const element: XmlElement = { name: resolveName(qname, scope, atomRoot, rootPrefix, false), attrs, children: [] };
        top.element.children.push(element);
        stack.push({ element, scope });
      },
      ontext(text) {
        const top = stack[stack.length - 1];
        if (top === undefined) return;
        const children = top.element.children;
        const last = children[children.length - 1];
        if (typeof last === "string") children[children.length - 1] = last + text;
        else children.push(text);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.end(xml);
  return root.children.find((c): c is XmlElement => typeof c !== "string" && ROOTS.has(c.name));
}
