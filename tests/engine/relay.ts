/**
 * An HTTP relay in front of an SWF endpoint that passes every request on, or, while `down`, drops
 * each connection as it arrives, the way a dead or unreachable endpoint does, or, while `held`,
 * takes each request and never answers it, the way a hung one does. Hooks may answer a
 * call themselves, before it is passed on or in place of the endpoint's answer, by SWF action.
 */
import {
  request as httpRequest,
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";

export interface Relay {
  url: string;
  down: boolean;
  held: boolean;
  close(): Promise<void>;
}

export interface RelayHooks {
  /** Answers the call instead of passing it on; true when it did. */
  request?(action: string, res: ServerResponse): boolean;
  /** Answers the call in place of the endpoint's `answer`; true when it did. */
  answer?(action: string, answer: IncomingMessage, res: ServerResponse): boolean;
}

export async function startRelay(endpoint: string, hooks: RelayHooks = {}): Promise<Relay> {
  const target = new URL(endpoint);
  const server = createServer((req, res) => {
    if (relay.down) return void req.socket.destroy();
    if (relay.held) return void req.resume();
    const action = String(req.headers["x-amz-target"] ?? "").replace(/^.*\./, "");
    if (hooks.request?.(action, res)) return void req.resume();
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        if (hooks.answer?.(action, answer, res)) return;
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
    held: false,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return relay;
}
