import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";

/** A throwaway HTTP server on 127.0.0.1 for tests; `hits` counts requests per path. */
export interface TestServer {
  origin: string;
  port: number;
  hits: Map<string, number>;
  lastHeaders: Map<string, IncomingMessage["headers"]>;
  close(): Promise<void>;
}

export async function startTestServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const hits = new Map<string, number>();
  const lastHeaders = new Map<string, IncomingMessage["headers"]>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    lastHeaders.set(path, req.headers);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    lastHeaders,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
