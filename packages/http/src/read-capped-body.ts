import { HttpFetchError } from "./http-fetch-error.ts";

/**
 * Reads a body stream to the end, cancelling it as soon as it grows past `maxBytes` rather than
 * buffering an unbounded (or decompression-bomb) body first.
 */
export async function readCappedBody(stream: ReadableStream<Uint8Array> | null, maxBytes: number, url: string, status: number): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new HttpFetchError("too-large", `body of ${url} exceeds ${maxBytes} bytes`, { url, status });
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
