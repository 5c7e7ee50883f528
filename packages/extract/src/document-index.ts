import type { AnyNode, Document, Element } from "domhandler";
import { isElement } from "./dom.ts";

/**
 * The elements the metadata and page-signal readers ask about, gathered in one walk of the parsed
 * document (document order). It stands in for a dozen CSS selector queries over the whole page,
 * each of which walked every node again: together they were a third of the extraction time.
 * Built before anything edits the tree; the lists are not updated afterwards.
 */
export class DocumentIndex {
  /** Elements by lower-case tag name (`meta`, `h1`, `script`…). */
  readonly #byTag = new Map<string, Element[]>();
  /** Elements by the exact value of their `itemprop` attribute. */
  readonly #byItemprop = new Map<string, Element[]>();
  /** Elements that carry a `class` or an `id` attribute (the selector `[class], [id]`). */
  readonly withClassOrId: Element[] = [];
  /** Every element. */
  readonly all: Element[] = [];
  /** Deepest node nesting (the document's children are at depth 1). */
  readonly maxDepth: number = 0;

  /**
   * Walks `document` once, without recursion. The caller has bounded the nesting of the raw HTML
   * (`nestingExceeds`), so the walk is linear in the nodes; it also measures the depth, which
   * the caller checks before trusting the tree.
   */
  constructor(document: Document) {
    let deepest = 0;
    const stack: [AnyNode, number][] = [];
    for (let i = document.children.length - 1; i >= 0; i--) {
      const child = document.children[i];
      if (child !== undefined) stack.push([child, 1]);
    }
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const [node, depth] = item;
      if (depth > deepest) deepest = depth;
      if (isElement(node)) {
        this.all.push(node);
        push(this.#byTag, node.name, node);
        const { attribs } = node;
        if (attribs.class !== undefined || attribs.id !== undefined) this.withClassOrId.push(node);
        if (attribs.itemprop !== undefined) push(this.#byItemprop, attribs.itemprop, node);
      }
      if ("children" in node) {
        const children = node.children;
        for (let i = children.length - 1; i >= 0; i--) {
          const child = children[i];
          if (child !== undefined) stack.push([child, depth + 1]);
        }
      }
    }
    this.maxDepth = deepest;
  }

  /** Elements named `tag`, in document order. */
  tag(tag: string): readonly Element[] {
    return this.#byTag.get(tag) ?? [];
  }

  /** Elements whose `itemprop` is exactly `value` (the selector `[itemprop="value"]`). */
  itemprop(value: string): readonly Element[] {
    return this.#byItemprop.get(value) ?? [];
  }
}

function push(map: Map<string, Element[]>, key: string, el: Element): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [el]);
  else list.push(el);
}

/** True when `el`'s class attribute holds `name` as one of its space-separated classes (`.name`). */
export function hasClass(el: Element, name: string): boolean {
  const cls = el.attribs.class;
  if (cls === undefined || !cls.includes(name)) return false;
  return cls.split(/[ \t\n\f\r]+/).includes(name);
}

/** True when an ancestor of `el` is named one of `tags`. */
export function hasAncestor(el: Element, tags: ReadonlySet<string>): boolean {
  for (let p = el.parent; p !== null; p = p.parent) if (isElement(p) && tags.has(p.name)) return true;
  return false;
}
