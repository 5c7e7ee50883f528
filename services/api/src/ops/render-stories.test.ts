import { describe, expect, it } from "vitest";
import { renderStories } from "./render-stories.ts";

const now = new Date("2026-03-01T12:00:00.000Z");

describe("renderStories", () => {
  it("shows each story's size, languages and outlets, the extra outlets counted, text escaped", () => {
    const html = renderStories(
      [
        {
          storyId: "00aa",
          title: "Séisme <Malatya>",
          startedAt: "2026-03-01T09:00:00.000Z",
          lastArticleAt: "2026-03-01T11:30:00.000Z",
          articleCount: 7,
          languages: ["en", "fr"],
          entities: [{ entityId: "Q43", name: "Turquie", articles: 6 }],
          outlets: ["Le Monde", "Reuters", "AFP", "BBC", "RFI"].map((outlet, i) => ({ outlet, articles: i === 0 ? 3 : 1 })),
        },
      ],
      now,
    );
    expect(html).toContain('data-story="00aa" data-articles="7"');
    expect(html).toContain("Séisme &#60;Malatya&#62;");
    expect(html).toMatch(/data-language="en">en<\/span><span class="lang lang-fr" data-language="fr">/);
    expect(html).toContain('data-outlet="Le Monde">Le Monde <small>×3</small>');
    expect(html).not.toContain('data-outlet="RFI"');
    expect(html).toContain("+1 more");
    expect(html).toContain("30 min ago");
    expect(html).toContain('href="/v1/stories/00aa"');
  });

  it("says so when there is no story", () => {
    expect(renderStories([], now)).toContain("no story yet");
  });
});
