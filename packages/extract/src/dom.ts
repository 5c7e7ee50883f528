import type { AnyNode, Element, ParentNode } from "domhandler";

/** Tags whose content is never article text. */
export const SKIP_TAGS = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "math",
  "iframe",
  "object",
  "embed",
  "canvas",
  "head",
  "title",
  "meta",
  "link",
  "select",
  "option",
  "textarea",
  "button",
  "input",
]);

export function isElement(node: AnyNode): node is Element {
  return node.type === "tag" || node.type === "script" || node.type === "style";
}

export function attr(el: Element, name: string): string | undefined {
  return el.attribs[name];
}

/** class + id, lower-cased, for hint matching. */
export function classAndId(el: Element): string {
  const cls = el.attribs.class;
  const id = el.attribs.id;
  if (cls === undefined && id === undefined) return "";
  return `${cls ?? ""} ${id ?? ""}`.toLowerCase();
}

/**
 * Depth-first pre-order walk without recursion (hostile pages nest 100k deep).
 * `visit` returns false to skip an element's children.
 */
export function walk(root: ParentNode, visit: (node: AnyNode) => boolean | void): void {
  const stack: AnyNode[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) {
    const child = root.children[i];
    if (child !== undefined) stack.push(child);
  }
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (visit(node) === false) continue;
    if ("children" in node) {
      const children = node.children;
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child !== undefined) stack.push(child);
      }
    }
  }
}

/** Concatenated text of a subtree, skipping non-content tags. */
export function textOf(root: AnyNode): string {
  if (root.type === "text") return root.data;
  if (!("children" in root)) return "";
  let out = "";
  walk(root, (node) => {
    if (node.type === "text") out += node.data;
    else if (isElement(node)) {
      if (SKIP_TAGS.has(node.name)) return false;
      if (node.name === "br") out += " ";
    }
    return true;
  });
  return out;
}

/** Collapses runs of whitespace (including NBSP) into single spaces. */
export function normalizeSpace(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, " ").trim();
}

/** Detaches nodes from their parents, filtering each parent's children once (no O(n²) splicing). */
export function removeNodes(nodes: Iterable<AnyNode>): void {
  const doomed = new Set<AnyNode>(nodes);
  const parents = new Set<ParentNode>();
  for (const node of doomed) if (node.parent !== null) parents.add(node.parent);
  for (const parent of parents) {
    parent.children = parent.children.filter((child) => !doomed.has(child));
    // Keep sibling links coherent for cheerio helpers that follow them.
    let prev: AnyNode | null = null;
    for (const child of parent.children) {
      child.prev = prev;
      if (prev !== null) prev.next = child;
      prev = child;
    }
    if (prev !== null) prev.next = null;
  }
  for (const node of doomed) node.parent = null;
}
