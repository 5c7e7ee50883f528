import { describe, expect, it } from "vitest";
import { comparePositions, formatPosition, parsePosition } from "./position.ts";

describe("positions", () => {
  it("round-trips and orders by transaction first", () => {
    const p = { txId: "9007199254740993", globalPosition: 12 };
    expect(parsePosition(formatPosition(p))).toEqual(p);
    expect(comparePositions({ txId: "5", globalPosition: 100 }, { txId: "6", globalPosition: 1 })).toBe(-1);
    expect(comparePositions({ txId: "6", globalPosition: 2 }, { txId: "6", globalPosition: 1 })).toBe(1);
    expect(parsePosition("start")).toEqual({ txId: "0", globalPosition: 0 });
    // A bare global position needs the log (resolvePosition): refused here, with the forms accepted.
    expect(() => parsePosition("12")).toThrow(/expected 'start', <txId>.<globalPosition> or a cursor/);
  });
});
