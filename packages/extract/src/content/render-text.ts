import type { AnyNode, Element } from "domhandler";
import { isElement, normalizeSpace, SKIP_TAGS } from "../dom.ts";
import type { BlockStats } from "./block-stats.ts";
import { INLINE_TAGS } from "./block-stats.ts";
import { BOILERPLATE_LINE } from "./hints.ts";

export interface RenderOptions {
  /** The article title: a line equal to it is the headline, not body text. */
  title?: string;
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
    if (line.tag === "h1" || (title !== undefined && text.toLowerCase() === title)) continue;
    if (out[out.length - 1] === text) continue;
    out.push(text);
  }
  return out;
}
