import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

/** Baseline: Mozilla Readability (Firefox Reader View) on a linkedom DOM; '' when it gives up. */
export function readabilityText(html: string, url: string): string {
  try {
    const { document } = parseHTML(html);
    // linkedom has no documentURI; Readability only needs it for resolving links.
    Object.defineProperty(document, "documentURI", { value: url });
    const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
    return article?.textContent ?? "";
  } catch {
    return "";
  }
}
