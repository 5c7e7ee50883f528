import type { Element, ParentNode } from "domhandler";
import { classAndId, isElement, removeNodes, SKIP_TAGS, walk } from "../dom.ts";
import { CHROME_ROLES, CHROME_TAGS, isNegativeHint, isPositiveHint, SOFT_ROLES } from "./hints.ts";

const PROTECTED = new Set(["html", "body", "main", "article"]);
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

const PROSE_TAGS = new Set(["p", "li", "blockquote", "dd"]);

function isHidden(el: Element): boolean {
  const attribs = el.attribs;
  if (attribs.hidden !== undefined || attribs["aria-hidden"] === "true") return true;
  const style = attribs.style;
  return style !== undefined && HIDDEN_STYLE.test(style);
}

function isChrome(el: Element): boolean {
  if (SKIP_TAGS.has(el.name) || CHROME_TAGS.has(el.name)) return true;
  if (isHidden(el)) return true;
  const role = el.attribs.role;
  return role !== undefined && CHROME_ROLES.has(role.toLowerCase());
}

function marksArticle(el: Element, hints: string): boolean {
  return el.name === "h1" || el.name === "article" || el.name === "main" || el.attribs.itemprop === "articleBody" || isPositiveHint(hints);
}

/**
 * Removes what is never article text: scripts and styles, navigation, captions, hidden nodes,
 * and blocks whose class/id says boilerplate (share bars, related links, comments, cookie
 * banners…). A hinted block that holds the headline or an explicit article container, or most of
 * the page's text, is a wrapper (`container penci_sidebar`) and is kept. Two linear passes.
 */
export function prune(root: ParentNode): void {
  const elements: Element[] = [];
  const parents: number[] = [];
  const index = new Map<Element, number>();
  const length: number[] = [];
  // Text inside paragraphs and list items: what "most of the page's text" means for a wrapper,
  // since menus, footers and link rails are made of short anchors, not paragraphs.
  const prose: number[] = [];
  const inProse: boolean[] = [];
  walk(root, (node) => {
    if (node.type === "text") {
      const owner = node.parent;
      const i = owner !== null && isElement(owner) ? index.get(owner) : undefined;
      if (i !== undefined) {
        length[i] = (length[i] ?? 0) + node.data.length;
        if (inProse[i] === true) prose[i] = (prose[i] ?? 0) + node.data.length;
      }
      return false;
    }
    if (!isElement(node)) return false;
    const parent = node.parent;
    index.set(node, elements.length);
    const parentIndex = parent !== null && isElement(parent) ? (index.get(parent) ?? -1) : -1;
    parents.push(parentIndex);
    elements.push(node);
    length.push(0);
    prose.push(0);
    inProse.push(PROSE_TAGS.has(node.name) || (parentIndex >= 0 && inProse[parentIndex] === true));
    return !SKIP_TAGS.has(node.name);
  });
  const n = elements.length;
  const hints = elements.map(classAndId);
  const holdsArticle = elements.map((el, i) => marksArticle(el, hints[i] ?? ""));
  for (let i = n - 1; i >= 0; i--) {
    const p = parents[i] ?? -1;
    if (p < 0) continue;
    length[p] = (length[p] ?? 0) + (length[i] ?? 0);
    prose[p] = (prose[p] ?? 0) + (prose[i] ?? 0);
    if (holdsArticle[i] === true) holdsArticle[p] = true;
  }
  let total = 0;
  let totalProse = 0;
  for (let i = 0; i < n; i++) {
    if ((parents[i] ?? -1) >= 0) continue;
    total += length[i] ?? 0;
    totalProse += prose[i] ?? 0;
  }

  const gone = new Uint8Array(n);
  const doomed: Element[] = [];
  for (let i = 0; i < n; i++) {
    const p = parents[i] ?? -1;
    if (p >= 0 && gone[p] === 1) {
      gone[i] = 1;
      continue;
    }
    const el = elements[i];
    if (el === undefined || PROTECTED.has(el.name)) continue;
    const chrome = isChrome(el);
    // Forms, footers, asides and tab lists wrap whole pages or stories on some CMSs: judge them
    // like hinted blocks.
    const role = el.attribs.role?.toLowerCase();
    const soft = chrome
      ? el.name === "form" || el.name === "footer" || el.name === "aside" || (role !== undefined && SOFT_ROLES.has(role) && !isHidden(el))
      : isNegativeHint(hints[i] ?? "");
    if (!chrome && !soft) continue;
    // A hint never deletes a subtree that holds most of the page's text or of its paragraphs.
    if (soft && (holdsArticle[i] === true || (length[i] ?? 0) > 0.6 * total || (prose[i] ?? 0) > 0.5 * totalProse)) continue;
    gone[i] = 1;
    doomed.push(el);
  }
  removeNodes(doomed);
}
