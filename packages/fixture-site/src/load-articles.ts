import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface FixtureArticle {
  slug: string;
  title: string;
  lang: "fr" | "en";
  date: string;
  author: string;
  section: string;
  live: boolean;
  paragraphs: string[];
}

const folder = fileURLToPath(new URL("../articles/", import.meta.url));

/** Parses `articles/*.txt`: `key: value` header lines, `---`, then one paragraph per line. */
export function loadArticles(): FixtureArticle[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((file) => {
      const [head = "", body = ""] = readFileSync(folder + file, "utf8").split(/^---$/m);
      const meta = Object.fromEntries(
        head
          .split("\n")
          .filter((l) => l.includes(":"))
          .map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]),
      );
      return {
        slug: file.replace(/\.txt$/, ""),
        title: meta.title ?? file,
        lang: meta.lang === "en" ? "en" : "fr",
        date: meta.date ?? "2024-12-01T00:00:00Z",
        author: meta.author ?? "",
        section: meta.section ?? "news",
        live: meta.live === "true",
        paragraphs: body
          .split("\n")
          .map((p) => p.trim())
          .filter(Boolean),
      };
    });
}
