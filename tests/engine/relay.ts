/**
 * An HTTP relay in front of an endpoint that passes every request on, or, while `down`, drops
 * each connection as it arrives, the way a dead or unreachable endpoint does.
 */
import { request as httpRequest, createServer } from "node:http";

export interface Relay {
  url: string;
  down: boolean;
  close(): Promise<void>;
}

export async function startRelay(endpoint: string): Promise<Relay> {
  const target = new URL(endpoint);
  const server = createServer((req, res) => {
    if (relay.down) return void req.socket.destroy();
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const relay: Relay = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    down: false,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return relay;
}
