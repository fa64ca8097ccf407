/**
 * The engine's change feed: an extension on the engine's port, outside the SWF protocol, that
 * tells a watcher (the console) which histories grew, so that it can push changes to browsers
 * instead of polling. Nothing in it is needed to use SWF; clients that do not know it never see it.
 *
 *   GET /_changes?probe=1          → 200 {"feed":"swf-changes","version":1,"cursor":N}
 *   GET /_changes[?cursor=N]       → text/event-stream; one `change` event per appended history
 *                                    event once its transaction is durable:
 *                                    id: <seq>
 *                                    data: {"seq","domain","workflowId","runId","eventId","eventType"}
 *                                    With a cursor, buffered changes after it are replayed first; a
 *                                    cursor older than the buffer gets `event: reset` (re-read all).
 *                                    First `event: hello` ({"cursor","heartbeatMs"}); then a comment
 *                                    line every `heartbeatMs` (2 s), so that a watcher can tell a
 *                                    quiet engine from a hung one: silence means it stopped answering.
 *
 * With strict SigV4 credentials configured the feed is off (404): it would reveal workflow ids
 * to unsigned callers. Watchers then poll SWF as they would against AWS.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export interface Change {
  seq: number;
  domain: string;
  workflowId: string;
  runId: string;
  eventId: number;
  eventType: string;
}

export type ChangeNote = Omit<Change, "seq">;

const BUFFER = 10_000;
/**
 * How often an open stream hears from the engine when nothing changes. Watchers count a few missed
 * heartbeats as the engine not answering (lib/console/live/engine-feed.ts): short enough for the
 * console to say "SWF unreachable" within seconds. One timer serves all streams, off the request path.
 */
export const HEARTBEAT_MS = 2_000;
export const CHANGES_PATH = "/_changes";

export class ChangeFeed {
  private seq = 0;
  private readonly buffer: Change[] = [];
  private readonly listeners = new Set<(changes: readonly Change[]) => void>();
  /** Open streams, ended when the engine shuts down (a stream never finishes by itself). */
  private readonly streams = new Set<FeedStream>();
  private heartbeat?: NodeJS.Timeout;

  /** `settled` resolves once what was written so far is committed (the store's group commit). */
  constructor(
    private readonly settled: () => Promise<void>,
    private readonly size = BUFFER,
    readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  get cursor(): number {
    return this.seq;
  }

  /** Called after a transaction: its changes go out once they are durable, never before. */
  publish(notes: readonly ChangeNote[]) {
    if (notes.length === 0) return;
    const changes = notes.map((n) => ({ ...n, seq: ++this.seq }));
    this.settled().then(
      () => {
        this.buffer.push(...changes);
        // Trimmed in bulk: cutting a few off the front on every publish would move the whole
        // array each time. `since` reads only the newest `size`.
        if (this.buffer.length > 2 * this.size)
          this.buffer.splice(0, this.buffer.length - this.size);
        for (const listener of this.listeners) listener(changes);
      },
      () => {
        // The commit failed: nothing of it happened, so nothing is announced.
      },
    );
  }

  /** Changes after `cursor` still in the buffer, or undefined when some were dropped. */
  since(cursor: number): Change[] | undefined {
    const kept = this.buffer.slice(-this.size);
    const first = kept[0]?.seq ?? this.seq + 1;
    if (cursor < first - 1) return undefined;
    return kept.filter((c) => c.seq > cursor);
  }

  subscribe(listener: (changes: readonly Change[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Registers an open stream: it hears a heartbeat every `heartbeatMs` (one timer for all streams,
   * running only while there are some) and is ended by `endStreams`. Returns its removal.
   */
  track(stream: FeedStream): () => void {
    this.streams.add(stream);
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => {
        for (const s of this.streams) s.beat();
      }, this.heartbeatMs);
      this.heartbeat.unref();
    }
    return () => {
      this.streams.delete(stream);
      if (this.streams.size > 0) return;
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    };
  }

  /** Ends every open stream: watchers reconnect (with their cursor) to the next engine. */
  endStreams() {
    for (const s of [...this.streams]) s.end();
  }
}

/** An open `/_changes` stream, as the feed drives it. */
export interface FeedStream {
  beat(): void;
  end(): void;
}

/** Serves `GET /_changes`. */
export function serveChanges(
  feed: ChangeFeed,
  enabled: boolean,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const url = new URL(req.url ?? "/", "http://engine.local");
  if (!enabled) {
    res.writeHead(404, { "content-type": "application/json" });
    return void res.end(JSON.stringify({ message: "The change feed is off on this engine" }));
  }
  if (url.searchParams.has("probe")) {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    return void res.end(JSON.stringify({ feed: "swf-changes", version: 1, cursor: feed.cursor }));
  }
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  const write = (changes: readonly Change[]) => {
    if (changes.length === 0 || res.destroyed) return;
    res.write(changes.map((c) => `id: ${c.seq}\ndata: ${JSON.stringify(c)}\n\n`).join(""));
  };
  const raw = url.searchParams.get("cursor") ?? req.headers["last-event-id"];
  const cursor = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : undefined;
  res.write(
    `event: hello\ndata: ${JSON.stringify({ cursor: feed.cursor, heartbeatMs: feed.heartbeatMs })}\n\n`,
  );
  if (cursor !== undefined) {
    const missed = feed.since(cursor);
    if (missed) write(missed);
    else res.write(`event: reset\ndata: ${JSON.stringify({ cursor: feed.cursor })}\n\n`);
  }
  const unsubscribe = feed.subscribe(write);
  const untrack = feed.track({
    beat: () => void (res.destroyed || res.write(": keep-alive\n\n")),
    end: () => res.end(),
  });
  res.on("close", () => {
    unsubscribe();
    untrack();
  });
}
