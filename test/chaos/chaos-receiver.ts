import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyWebhook } from "@vigie/client/webhooks";
import { listenOnLoopback } from "./loopback-server.ts";

export interface ChaosDelivery {
  key: string;
  watchId: string;
  articleIds: string[];
  signatureOk: boolean;
}

export interface ChaosReceiver {
  url: string;
  /** Every request answered 2xx, in arrival order (a key may come twice: a worker killed after the POST). */
  accepted: ChaosDelivery[];
  /** Requests answered 500 on purpose. */
  refused: number;
  close(): Promise<void>;
}

/**
 * The chaos run's webhook receiver on 127.0.0.1: verifies every signature with the watch's
 * secret and answers 500 to a seeded share of requests, so deliveries are retried.
 */
export async function startChaosReceiver(options: { secretOf: (watchId: string) => string; failShare: number; random: () => number }): Promise<ChaosReceiver> {
  const accepted: ChaosDelivery[] = [];
  let refused = 0;
  const server = await listenOnLoopback((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (options.random() < options.failShare) {
        refused++;
        res.writeHead(500).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const watchId = String(req.headers["vigie-watch-id"] ?? "");
      const signatureOk = verifyWebhook({ secret: options.secretOf(watchId), body: raw, header: req.headers["vigie-signature"] as string | undefined }).ok;
      let articleIds: string[] = [];
      try {
        articleIds = (JSON.parse(raw.toString("utf8")) as { matches: { articleId: string }[] }).matches.map((m) => m.articleId);
      } catch {
        articleIds = [];
      }
      accepted.push({ key: String(req.headers["vigie-idempotency-key"] ?? ""), watchId, articleIds, signatureOk });
      res.writeHead(204).end();
    });
  });
  return {
    url: `${server.base}/hook`,
    accepted,
    get refused() {
      return refused;
    },
    close: () => server.close(),
  };
}
