import type { EntityType } from "./types.ts";

/** BIO labels; index 0 is outside. The order is part of the weight file format. */
export const LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"] as const;
export const NUM_LABELS = LABELS.length;
const TYPES: readonly EntityType[] = ["PER", "ORG", "LOC", "MISC"];

export function labelIndex(label: string): number {
  const i = (LABELS as readonly string[]).indexOf(label);
  return i < 0 ? 0 : i;
}

/** Entity type of a non-O label index. */
export function labelType(label: number): EntityType | undefined {
  return label === 0 ? undefined : TYPES[(label - 1) >> 1];
}

export function isInside(label: number): boolean {
  return label > 0 && (label & 1) === 0;
}

export function beginOf(type: EntityType): number {
  return 1 + 2 * TYPES.indexOf(type);
}

/** I-X may only follow B-X or I-X. */
export function allowedTransition(prev: number, next: number): boolean {
  if (!isInside(next)) return true;
  return prev === next || prev === next - 1;
}

/** Spans [start, end) over token indices with their type, from a BIO label sequence (lenient: a stray I opens a span). */
export function spansOf(labels: ArrayLike<number>): Array<{ start: number; end: number; type: EntityType }> {
  const spans: Array<{ start: number; end: number; type: EntityType }> = [];
  let open: { start: number; end: number; type: EntityType } | undefined;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] ?? 0;
    const type = labelType(l);
    if (open && (!type || !isInside(l) || type !== open.type)) {
      spans.push(open);
      open = undefined;
    }
    if (type && !open) open = { start: i, end: i + 1, type };
    else if (type && open) open.end = i + 1;
  }
  if (open) spans.push(open);
  return spans;
}
