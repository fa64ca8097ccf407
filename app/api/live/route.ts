import { ConsoleFault } from "@/lib/console/faults";
import { requestUser } from "@/lib/console/http";
import { liveHub } from "@/lib/console/live/current";
import type { LiveMessage } from "@/lib/console/live/hub";
import { parseTopic } from "@/lib/console/live/topics";
import { route } from "@/lib/console/route";

export const dynamic = "force-dynamic";

const MAX_TOPICS = 20;
const HEARTBEAT_MS = 15_000;
/** Streams one user may hold open in this console process: one per tab, many tabs. */
const MAX_STREAMS_PER_USER = 20;
/** Open streams per user id. Each holds a subscription the hub keeps serving. */
const openStreams = new Map<number, number>();

/**
 * The live stream of one browser tab: `GET /api/live?topic=…&topic=…` (server-sent events).
 * `event: ready` with the hub's mode (push | poll) and whether SWF answers it, once the hub watches
 * every topic from a baseline (a change after it is pushed: the tab re-reads its views on it), and
 * one `data:` message per change of a watched topic, `event: mode` when the hub switches between push
 * and polling, and `event: swf` when SWF stops or starts answering the hub's reads.
 *
 * A stream outlives the request that checked its session: before each message and heartbeat the
 * session is checked again (without counting as use), and the stream ends once it has ended —
 * signed out, revoked, expired, idle, or its user disabled or deleted.
 */
export const GET = route({
  role: "viewer",
  action: "Live.Read",
  handle: ({ request, query, user }) =>
    stream(request, query.getAll("topic"), user.userId, async () => {
      try {
        return (await requestUser(request, { touch: false })) !== undefined;
      } catch {
        return false; // cannot tell (database down): end it; the tab reconnects or polls
      }
    }),
});

async function stream(
  request: Request,
  topics: string[],
  userId: number,
  signedIn: () => Promise<boolean>,
): Promise<Response> {
  if (topics.length === 0 || topics.length > MAX_TOPICS)
    throw new ConsoleFault(400, "ValidationError", `give 1 to ${MAX_TOPICS} topic parameters`);
  const bad = topics.find((t) => !parseTopic(t));
  if (bad !== undefined) throw new ConsoleFault(400, "ValidationError", `unknown topic: ${bad}`);

  const hub = liveHub();
  await Promise.race([hub.ready, new Promise((r) => setTimeout(r, 1000))]);
  // A tab refused here polls instead (an EventSource does not retry a refusal).
  const held = openStreams.get(userId) ?? 0;
  if (held >= MAX_STREAMS_PER_USER)
    throw new ConsoleFault(
      429,
      "TooManyStreams",
      `${MAX_STREAMS_PER_USER} live streams are open for this user already: close some tabs`,
    );
  openStreams.set(userId, held + 1);
  const release = () => {
    const left = (openStreams.get(userId) ?? 1) - 1;
    if (left > 0) openStreams.set(userId, left);
    else openStreams.delete(userId);
  };
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
      const end = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      let ended = false;
      // Messages go out in order, each after its session check (and after `ready`, below).
      let queue = Promise.resolve();
      const send = (text: string) => {
        queue = queue.then(async () => {
          if (ended) return;
          if (await signedIn()) return write(text);
          ended = true;
          end();
        });
      };
      const unsubscribe = hub.subscribe(topics, (m: LiveMessage) =>
        send(
          m.type === "mode"
            ? `event: mode\ndata: ${JSON.stringify({ mode: m.mode })}\n\n`
            : m.type === "swf"
              ? `event: swf\ndata: ${JSON.stringify(m.swf)}\n\n`
              : `data: ${JSON.stringify(m)}\n\n`,
        ),
      );
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        release();
        cleanup = () => {};
      };
      // `ready` first, and only once the hub watches every topic from a baseline (messages wait
      // behind it): the tab goes live and re-reads what it shows on it, so a change before it is
      // in that read and one after it is pushed. Said earlier, a change in between would be in
      // neither (the page stale for good).
      // The id makes the browser send `Last-Event-ID` when it reconnects by itself, which tells
      // the server that the reconnection is not the person's doing (no session renewal).
      queue = hub.watching(topics).then(() => {
        if (ended) return;
        write(
          `retry: 2000\nid: ready\nevent: ready\ndata: ${JSON.stringify({ mode: hub.mode, swf: hub.swf })}\n\n`,
        );
      });
      request.signal.addEventListener("abort", end);
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
