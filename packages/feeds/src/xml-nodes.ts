// Readers for the loosely shaped objects xml2js produces: a string, `{ _: text, $: attrs }`, or an
// element object whose children are arrays.

export type XmlNode = unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Text deeper than this is ignored: real feeds nest a few levels, hostile ones thousands, and
// recursion that deep would overflow the stack.
const MAX_DEPTH = 32;

function fromBase64(value: string): string {
  const compact = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return value;
  return new TextDecoder("utf-8").decode(Buffer.from(compact, "base64"));
}

/** All text under a node, children included (document order is kept for simple cases only). */
export function textOf(node: XmlNode, depth = 0): string | undefined {
  if (typeof node === "string") return node;
  if (typeof node === "number") return String(node);
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(node)) return node.length > 0 ? textOf(node[0], depth + 1) : undefined;
  if (!isRecord(node)) return undefined;
  if (typeof node._ === "string" && Object.keys(node).every((k) => k === "_" || k === "$")) {
    // Atom 0.3 text constructs may be base64 (`mode="base64"`).
    return isRecord(node.$) && node.$.mode === "base64" ? fromBase64(node._) : node._;
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "$") continue;
    if (key === "_" && typeof value === "string") parts.push(value);
    else if (Array.isArray(value)) for (const child of value) parts.push(textOf(child, depth + 1) ?? "");
  }
  const text = parts.join(" ").trim();
  return text === "" ? undefined : text;
}

/** Attributes of an element node (`$`), or an empty object. */
export function attrsOf(node: XmlNode): Record<string, string> {
  if (Array.isArray(node)) return attrsOf(node[0]);
  if (!isRecord(node) || !isRecord(node.$)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.$)) if (typeof v === "string") out[k] = v;
  return out;
}

/** An xml2js attribute object (`node.$` itself, as kept by the `$` custom field) as a string map. */
export function attributeMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}

/** A child element list of a node (`node[name]`), always as an array. */
export function childrenOf(node: XmlNode, name: string): XmlNode[] {
  if (!isRecord(node)) return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `record[key]` as an array of nodes (rss-parser custom fields kept with `keepArray`). */
export function field(record: Record<string, unknown>, key: string): XmlNode[] {
  const value = record[key];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** First non-empty trimmed text among the given nodes. */
export function firstText(nodes: XmlNode[]): string | undefined {
  for (const node of nodes) {
    const text = textOf(node)?.trim();
    if (text) return text;
  }
  return undefined;
}
