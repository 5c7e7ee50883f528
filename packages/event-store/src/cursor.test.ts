import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { InvalidCursorError } from "./errors/invalid-cursor-error.ts";
import { parsePosition } from "./position.ts";
import { START } from "./types.ts";

const cursorOf = (text: string) => Buffer.from(text, "utf8").toString("base64url");

/** The error `fn` throws, which must be an `InvalidCursorError`. */
function rejection(fn: () => unknown): InvalidCursorError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidCursorError) return err;
    throw err;
  }
  throw new Error("expected an InvalidCursorError, nothing was thrown");
}

describe("cursor codec", () => {
  it("round-trips positions, including transaction ids past 2^53", () => {
    for (const p of [
      START,
      { txId: "742", globalPosition: 1 },
      { txId: "9007199254740993", globalPosition: 9007199254740991 },
      { txId: String(2n ** 63n - 1n), globalPosition: 5 },
    ]) {
      const cursor = encodeCursor(p);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toEqual(p);
    }
  });

  it("reads an absent or empty cursor as the start of the log", () => {
    expect(decodeCursor(undefined)).toEqual(START);
    expect(decodeCursor("")).toEqual(START);
  });

  it("refuses what vigie never hands out, as a malformed cursor", () => {
    const forged = [
      "not a cursor",
      "djEuMS4y=", // padding is not base64url as encoded
      cursorOf("v2.1.2"),
      cursorOf("v1.1"),
      cursorOf("v1.-1.2"),
      cursorOf("v1.1.2; drop table events"),
      cursorOf("v1.123456789012345678901.1"),
      cursorOf("v1.1.1234567890123456789"),
      "A".repeat(65),
      "742.1",
    ];
    for (const text of forged) {
      const err = rejection(() => decodeCursor(text));
      expect(err.name).toBe("InvalidCursorError");
      expect(err.reason, text).toBe("malformed");
      expect(err.cursor).toBe(text);
    }
  });

  it("refuses a transaction id of 2^63 or more and an unsafe global position, as out of range", () => {
    for (const text of [cursorOf(`v1.${2n ** 63n}.1`), cursorOf("v1.99999999999999999999.1"), cursorOf("v1.1.900719925474099300")]) {
      expect(rejection(() => decodeCursor(text)).reason, text).toBe("out-of-range");
    }
  });
});

describe("parsePosition", () => {
  it("accepts start, <txId>.<globalPosition> and a cursor, all to the same positions", () => {
    const p = { txId: "9007199254740993", globalPosition: 12 };
    expect(parsePosition("9007199254740993.12")).toEqual(p);
    expect(parsePosition(encodeCursor(p))).toEqual(p);
    for (const text of ["", "0", "start"]) expect(parsePosition(text)).toEqual(START);
  });

  it("applies the cursor's range check to <txId>.<globalPosition> and refuses other shapes", () => {
    expect(rejection(() => parsePosition(`${2n ** 63n}.1`)).reason).toBe("out-of-range");
    for (const text of ["1.2.3", "12", "-1.2", "start.1", cursorOf("v1.1")]) {
      expect(rejection(() => parsePosition(text)).reason, text).toBe("malformed");
    }
  });
});
