/** Most categories one feed keeps; the schema refuses more. */
export const MAX_CATEGORIES = 50;

/**
 * Category labels as stored: trimmed, inner whitespace collapsed, control characters dropped,
 * cut to 100 characters, empty ones dropped, duplicates (ignoring case) kept once, first spelling wins.
 */
export function normaliseCategories(labels: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of labels) {
    const label = raw
      .replace(/[\u0000-\u001f\u007f]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 100)
      .trim();
    const key = label.toLowerCase();
    if (label === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(label);
    if (out.length === MAX_CATEGORIES) break;
  }
  return out;
}
