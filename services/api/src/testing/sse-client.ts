import { request, type IncomingMessage } from "node:http";

export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

/**
 * A minimal SSE reader over node:http (no browser EventSource): parses frames, tracks the last id
 * like EventSource does (comment-only frames with an `id:` line update it too).
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  lastEventId: string | undefined;
  response: IncomingMessage | undefined;
  readonly ended: Promise<void>;
  #buffer = "";
  #req;

  constructor(
    url: string,
    options: { lastEventId?: string | undefined; headers?: Record<string, string>; onMessage?: (m: SseMessage, client: SseClient) => void } = {},
  ) {
    this.lastEventId = options.lastEventId;
    let resolveEnded: () => void = () => {};
    this.ended = new Promise((r) => (resolveEnded = r));
    this.#req = request(
      url,
      { headers: { accept: "text/event-stream", ...(options.lastEventId ? { "last-event-id": options.lastEventId } : {}), ...options.headers } },
      (res) => {
        this.response = res;
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          this.#buffer += chunk;
          let at: number;
          while ((at = this.#buffer.indexOf("\n\n")) >= 0) {
            const block = this.#buffer.slice(0, at);
            this.#buffer = this.#buffer.slice(at + 2);
            const message: SseMessage = {};
            for (const line of block.split("\n")) {
              const colon = line.indexOf(":");
              if (colon === 0) continue;
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
              if (field === "id") message.id = value;
              else if (field === "event") message.event = value;
              else if (field === "data") message.data = message.data === undefined ? value : `${message.data}\n${value}`;
            }
            if (message.id !== undefined) this.lastEventId = message.id;
            if (message.data !== undefined) {
              this.messages.push(message);
              options.onMessage?.(message, this);
            }
          }
        });
        res.on("end", resolveEnded);
        res.on("close", resolveEnded);
      },
    );
    this.#req.on("error", resolveEnded);
    this.#req.end();
  }

  /** Pauses reading: the server's socket buffer fills up as it would with a slow consumer. */
  pause(): void {
    this.response?.pause();
  }

  resume(): void {
    this.response?.resume();
  }

  close(): void {
    this.#req.destroy();
  }
}
