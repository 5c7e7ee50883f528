import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook } from "@vigie/client/webhooks";

export interface ReceivedWebhook {
  key: string;
  watchId: string;
  signatureOk: boolean;
  /** The `Vigie-Redelivery` header: the redelivery run, absent on a first delivery. */
  redelivery: string | undefined;
  /** The status answered. */
  status: number;
  body: { matches: { articleId: string }[] };
}

/** A webhook receiver on `host` (127.0.0.1 by default) that verifies each request's signature with `secretOf(watchId)`. */
export async function startWebhookReceiver(
  secretOf: (watchId: string) => string,
  status: () => number = () => 200,
  host = "127.0.0.1",
): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const watchId = String(req.headers["vigie-watch-id"] ?? "");
      const verdict = verifyWebhook({ secret: secretOf(watchId), body: raw, header: req.headers["vigie-signature"] as string | undefined });
      const answer = status();
      const redelivery = req.headers["vigie-redelivery"];
      received.push({
        key: String(req.headers["vigie-idempotency-key"] ?? ""),
        watchId,
        signatureOk: verdict.ok,
        redelivery: typeof redelivery === "string" ? redelivery : undefined,
        status: answer,
        body: JSON.parse(raw.toString("utf8")) as ReceivedWebhook["body"],
      });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
