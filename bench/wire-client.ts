/**
 * SWF's JSON protocol spoken directly over keep-alive HTTP, for the bench's load at concurrency.
 * The requests are the ones the SDK sends (`POST /`, `X-Amz-Target`, the same JSON), unsigned,
 * which an engine without `--credentials` accepts. Why not the SDK: at concurrency 32 on two
 * cores it spends ~0.9–1.1 ms of CPU per workflow, more than the engine (~0.65–0.8 ms), so a
 * figure driven through it measures the SDK; this client spends ~0.1 ms.
 */
import { Agent, request } from "node:http";

export type SwfCall = (action: string, input: object) => Promise<Record<string, unknown>>;

export function wireClient(url: string): { call: SwfCall; close(): void } {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const call: SwfCall = (action, input) => {
    const body = JSON.stringify(input);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          hostname,
          port,
          method: "POST",
          path: "/",
          agent,
          headers: {
            "content-type": "application/x-amz-json-1.0",
            "x-amz-target": `SimpleWorkflowService.${action}`,
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString();
            const answer = text ? JSON.parse(text) : {};
            if (res.statusCode === 200) return resolve(answer);
            // A fault carries its name as `__type` ("…#UnknownResourceFault"), as the SDK reads it.
            const error = new Error(`${action}: ${answer.message ?? text}`);
            error.name = String(answer.__type ?? res.statusCode)
              .split("#")
              .pop()!;
            reject(error);
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  };
  return { call, close: () => agent.destroy() };
}
