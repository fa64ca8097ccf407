import { ConsoleFault } from "@/lib/console/faults";
import { liveHub } from "@/lib/console/live/current";
import type { LiveMessage } from "@/lib/console/live/hub";
import { parseTopic } from "@/lib/console/live/topics";
import { route } from "@/lib/console/route";

export const dynamic = "force-dynamic";

const MAX_TOPICS = 20;
const HEARTBEAT_MS = 15_000;

/**
 * The live stream of one browser tab: `GET /api/live?topic=…&topic=…` (server-sent events).
 * First `event: ready` with the hub's mode (push | poll), then one `data:` message per change of a
 * watched topic, and `event: mode` when the hub switches between push and polling.
 */
export const GET = route({
  role: "viewer",
  action: "Live.Read",
  handle: ({ request, query }) => stream(request, query.getAll("topic")),
});

async function stream(request: Request, topics: string[]): Promise<Response> {
  if (topics.length === 0 || topics.length > MAX_TOPICS)
    throw new ConsoleFault(400, "ValidationError", `give 1 to ${MAX_TOPICS} topic parameters`);
  const bad = topics.find((t) => !parseTopic(t));
  if (bad !== undefined) throw new ConsoleFault(400, "ValidationError", `unknown topic: ${bad}`);

  const hub = liveHub();
  await Promise.race([hub.ready, new Promise((r) => setTimeout(r, 1000))]);
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ mode: hub.mode })}\n\n`);
      const unsubscribe = hub.subscribe(topics, (m: LiveMessage) =>
        write(
          m.type === "mode"
            ? `event: mode\ndata: ${JSON.stringify({ mode: m.mode })}\n\n`
            : `data: ${JSON.stringify(m)}\n\n`,
        ),
      );
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        cleanup = () => {};
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
