import { START, type Position } from "./types.ts";

export function comparePositions(a: Position, b: Position): number {
  const tx = BigInt(a.txId) - BigInt(b.txId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  return Math.sign(a.globalPosition - b.globalPosition);
}

/** `<txId>.<globalPosition>`: compact, stable, human-readable in logs and CLIs. */
export function formatPosition(p: Position): string {
  return `${p.txId}.${p.globalPosition}`;
}

/** Parses `formatPosition` output; `0` / `start` / empty mean the beginning. */
export function parsePosition(text: string): Position {
  if (text === "" || text === "0" || text === "start") return START;
  const match = /^(\d{1,20})\.(\d{1,18})$/.exec(text);
  if (!match?.[1] || !match[2]) throw new Error(`invalid position ${JSON.stringify(text)}: expected <txId>.<globalPosition>`);
  return { txId: BigInt(match[1]).toString(), globalPosition: Number(match[2]) };
}
