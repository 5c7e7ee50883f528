import { describe, expect, it } from "vitest";
import { nestingExceeds } from "./nesting-guard.ts";

describe("nestingExceeds", () => {
  it("counts open tags less closed ones, and stops past the limit", () => {
    expect(nestingExceeds("<div><section><div>x", 2)).toBe(true);
    expect(nestingExceeds("<div><section><div>x", 3)).toBe(false);
    expect(nestingExceeds("<div></div><div></div><div></div>", 1)).toBe(false);
    expect(nestingExceeds(`${"<div>".repeat(5000)}x${"</div>".repeat(5000)}`, 2000)).toBe(true);
  });

  it("does not count void, self-closed or optional-end elements, nor the doctype", () => {
    expect(nestingExceeds("<!doctype html><html><body><p><br><img src=x><x-icon/><li><td>x", 0)).toBe(false);
    // Only a / right before the > closes a tag: "/ >" counts as an open tag (an upper bound).
    expect(nestingExceeds("<x-icon/><y-icon/>", 0)).toBe(false);
    expect(nestingExceeds("<x-icon / ><y-icon/ >", 1)).toBe(true);
    expect(nestingExceeds("<DIV><Div>", 1)).toBe(true);
  });

  it("reads a tag up to the first >, and skips what is not a tag", () => {
    // The first tag ends at the > inside the attribute value, which hides the "<div" in it.
    expect(nestingExceeds('<div title="<div>"><span>', 2)).toBe(false);
    expect(nestingExceeds('<div title="<div>"><span>', 1)).toBe(true);
    expect(nestingExceeds("1 < 2 and <3 or < /x", 0)).toBe(false);
    expect(nestingExceeds("<div", 0)).toBe(false);
    expect(nestingExceeds("</a></b><i>", 1)).toBe(false);
  });
});
