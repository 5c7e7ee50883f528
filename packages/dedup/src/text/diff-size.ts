import { diffLines } from "diff";

export interface DiffSizeOptions {
  /** Give up on an exact diff after this many milliseconds and count both texts whole. @defaultValue 200 */
  timeoutMs?: number;
}

/**
 * Characters inserted plus characters deleted between two revisions, at line (paragraph)
 * granularity: a live blog grows by whole entries, and a line diff stays fast on megabyte texts
 * where a character diff would not.
 */
export function diffSize(previous: string, next: string, options: DiffSizeOptions = {}): number {
  if (previous === next) return 0;
  // A last line without "\n" would otherwise count as changed when an entry is appended after it.
  const eol = (s: string) => (s.endsWith("\n") ? s : `${s}\n`);
  const changes = diffLines(eol(previous), eol(next), { timeout: options.timeoutMs ?? 200 });
  if (!changes) return previous.length + next.length;
  let size = 0;
  for (const change of changes) if (change.added || change.removed) size += change.value.length;
  return size;
}
