import { describe, expect, it } from "vitest";
import { renderAttentionChart, renderTrending } from "./render-attention.ts";

describe("renderAttentionChart", () => {
  it("draws one group per bucket, bars proportional to counts, keys escaped", () => {
    const svg = renderAttentionChart(
      {
        interval: "hour",
        by: "feed",
        from: "2026-01-01T00:00:00.000Z",
        to: "2026-01-01T03:00:00.000Z",
        total: 6,
        keys: [
          { key: "<f1>", total: 4 },
          { key: "f2", total: 2 },
        ],
        buckets: [
          { start: "2026-01-01T00:00:00.000Z", total: 4, counts: { "<f1>": 2, f2: 2 } },
          { start: "2026-01-01T01:00:00.000Z", total: 0, counts: {} },
          { start: "2026-01-01T02:00:00.000Z", total: 2, counts: { "<f1>": 2 } },
        ],
      },
      { width: 334, height: 134 },
    );
    expect(svg.match(/<g data-bucket=/g)).toHaveLength(3);
    expect(svg).toContain('data-total="6"');
    // plot height 100, max bucket 4: a count of 2 is 50 units high
    expect(svg.match(/height="50\.0"/g)).toHaveLength(3);
    expect(svg).not.toContain("<f1>");
    expect(svg).toContain("&#60;f1&#62;");
  });
});

describe("renderTrending", () => {
  it("lists entities with their score, or says none rose", () => {
    const html = renderTrending([{ entityId: "Q1", name: "Alep", type: "LOC", count: 4, baselineMean: 0, baselineStd: 0, score: 4, series: [0, 0, 4] }], "24h");
    expect(html).toContain('data-entity="Q1" data-score="4.000"');
    expect(html).toContain("<polyline");
    expect(renderTrending([], "24h")).toContain("no entity rose");
  });
});
