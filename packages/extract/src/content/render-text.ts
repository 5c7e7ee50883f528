import type { AnyNode, Element } from "domhandler";
import { isElement, normalizeSpace, SKIP_TAGS } from "../dom.ts";
import type { BlockStats } from "./block-stats.ts";
import { INLINE_TAGS } from "./block-stats.ts";
import { ABOUT_HEADING, BOILERPLATE_LINE, CONTACT_LINE, NOTICE_LINE, NOTICE_MAX_LENGTH, RUBRIC_TEASER, TIME_ONLY } from "./hints.ts";

export interface RenderOptions {
  /** The article title: a line equal to it is the headline, not body text. */
  title?: string | undefined;
}

interface Line {
  text: string;
  links: number;
  tag: string;
}

const EXIT = Symbol("exit");
type Frame = AnyNode | typeof EXIT;

/** A container mostly made of links (related stories, tag lists) inside the article. */
function isLinkList(stats: BlockStats, el: Element): boolean {
  const i = stats.index.get(el);
  if (i === undefined) return false;
  const text = stats.sumText[i] ?? 0;
  return text > 0 && (stats.sumLinks[i] ?? 0) / text > 0.5;
}

/**
 * Serialises the chosen container to text: one line per block (paragraph, heading, list item,
 * quote), inline markup flattened, link lists and boilerplate lines dropped.
 */
export function renderText(root: Element, stats: BlockStats, options: RenderOptions = {}): string {
  const lines: Line[] = [];
  let buffer = "";
  let links = 0;
  let linkDepth = 0;
  let blockTag = root.name;
  const blockStack: string[] = [];
  const flush = (): void => {
    const text = normalizeSpace(buffer);
    if (text !== "") lines.push({ text, links, tag: blockTag });
    buffer = "";
    links = 0;
  };
  const stack: Frame[] = [...root.children].reverse();
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame === EXIT) {
      const tag = blockStack.pop();
      if (tag === "a") linkDepth--;
      else {
        flush();
        blockTag = blockStack.findLast((t) => t !== "a") ?? root.name;
      }
      continue;
    }
    const node = frame;
    if (node.type === "text") {
      buffer += node.data;
      if (linkDepth > 0) links += node.data.trim().length;
      continue;
    }
    if (!isElement(node) || SKIP_TAGS.has(node.name)) continue;
    if (node.name === "br") {
      buffer += "\n";
      continue;
    }
    const inline = INLINE_TAGS.has(node.name);
    if (!inline && isLinkList(stats, node)) continue;
    if (node.name === "a") {
      linkDepth++;
      blockStack.push("a");
      stack.push(EXIT);
    } else if (!inline) {
      flush();
      blockTag = node.name;
      blockStack.push(node.name);
      stack.push(EXIT);
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child !== undefined) stack.push(child);
    }
  }
  flush();
  return keepLines(lines, options).join("\n");
}

function keepLines(lines: Line[], options: RenderOptions): string[] {
  const title = options.title === undefined ? undefined : normalizeSpace(options.title).toLowerCase();
  const out: string[] = [];
  for (const line of lines) {
    const { text } = line;
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    if (line.links / text.length > 0.5) continue;
    if (text.length < 120 && BOILERPLATE_LINE.test(text)) continue;
    if (text.length < NOTICE_MAX_LENGTH && (NOTICE_LINE.test(text) || RUBRIC_TEASER.test(text) || TIME_ONLY.test(text))) continue;
    if (line.tag === "h1" || (title !== undefined && text.toLowerCase() === title)) continue;
    if (out[out.length - 1] === text) continue;
    out.push(text);
  }
  return dropCompanyBoilerplate(out, lines);
}

/**
 * Press releases end with "About <Company>" and a media contact: cut from that heading to the
 * end when it sits in the last part of the text.
 */
function dropCompanyBoilerplate(out: string[], lines: Line[]): string[] {
  const headings = new Set(lines.filter((l) => /^h[2-6]$/.test(l.tag) || l.tag === "strong" || l.tag === "b").map((l) => l.text));
  for (let i = out.length - 1; i >= Math.floor(out.length / 2); i--) {
    const text = out[i] ?? "";
    if (CONTACT_LINE.test(text) && i === out.length - 1) {
      out.pop();
      continue;
    }
    if (text.length < 80 && headings.has(text) && ABOUT_HEADING.test(text) && out.length - i <= 4) return out.slice(0, i);
  }
  return out;
}
