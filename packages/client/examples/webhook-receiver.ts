// A webhook receiver for vigie watches: verifies the signature over the raw body, drops repeats by
// idempotency key, answers 2xx fast. Run: tsx webhook-receiver.ts whsec_…
// (the secret is printed by `vigie watches add` / `POST /v1/watches`, or `vigie watches secret <id>`).
import { createServer } from "node:http";
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verifyWebhook } from "@vigie/client/webhooks";

const secret = process.argv[2] ?? "";
const seen = new Set<string>(); // use a table with a unique key in production

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks); // the exact bytes: never re-serialise JSON before verifying
    const verdict = verifyWebhook({ secret, body, header: req.headers[SIGNATURE_HEADER] as string | undefined });
    if (!verdict.ok) {
      res.writeHead(401).end(verdict.reason);
      return;
    }
    const key = String(req.headers[IDEMPOTENCY_HEADER]);
    if (!seen.has(key)) {
      seen.add(key);
      const alert = JSON.parse(body.toString("utf8")) as { watchId: string; matches: { title?: string; url?: string }[] };
      for (const match of alert.matches) console.log(alert.watchId, match.title, match.url);
    }
    res.writeHead(204).end(); // a repeat is acknowledged too, or vigie would retry it
  });
}).listen(8787, "127.0.0.1");
