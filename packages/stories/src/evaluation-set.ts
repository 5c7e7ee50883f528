/** One article of the labelled set. */
export interface LabelledArticle {
  articleId: string;
  story: string;
  language: string;
  outlet: string;
  publishedAt: number;
  title: string;
  lead: string;
}

/** Thrown on a line of the evaluation files that does not parse. */
export class EvaluationSetError extends Error {
  override name = "EvaluationSetError";
}

/**
 * Parses the evaluation files: `## story | base time | note` then one article a line,
 * `language | outlet | hours after base | title | lead`. Lines starting with `#` are comments.
 */
export function parseEvaluationSet(text: string, source = "eval"): LabelledArticle[] {
  const out: LabelledArticle[] = [];
  let story: { id: string; base: number } | undefined;
  let index = 0;
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]?.trim() ?? "";
    if (line === "" || (line.startsWith("#") && !line.startsWith("## "))) continue;
    const cols = line
      .replace(/^## /, "")
      .split(" | ")
      .map((c) => c.trim());
    if (line.startsWith("## ")) {
      const [id, base] = cols;
      const time = Date.parse(base ?? "");
      if (!id || Number.isNaN(time)) throw new EvaluationSetError(`${source}:${n + 1}: expected "## story | ISO time | note"`);
      story = { id, base: time };
      index = 0;
      continue;
    }
    const [language, outlet, hours, title, lead] = cols;
    if (!story || !language || !outlet || hours === undefined || Number.isNaN(Number(hours)) || !title || lead === undefined) {
      throw new EvaluationSetError(`${source}:${n + 1}: expected "language | outlet | hours | title | lead" after a story header`);
    }
    out.push({ articleId: `${story.id}-${++index}`, story: story.id, language, outlet, publishedAt: story.base + Number(hours) * 3_600_000, title, lead });
  }
  return out;
}
