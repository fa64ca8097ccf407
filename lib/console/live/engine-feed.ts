/**
 * Client of the embedded engine's change feed (`GET /_changes`, see the engine's docs): probes
 * for it, keeps one stream open for the whole console process and reconnects with its cursor.
 * Against AWS (or an engine with the feed off) the probe fails and the hub polls SWF instead.
 *
 * The engine sends a heartbeat every `heartbeatMs` (its `hello` says how often). A stream that
 * stays silent for `missedHeartbeats` of them, or a connection that gets no answer within that
 * bound, means the engine stopped answering (hung, stopped, its machine gone): the stream is
 * dropped as unreachable and opened again. Without this, a frozen engine keeps its TCP connection
 * open and the console would go on saying "Live" over a feed that will never speak.
 */
import { createLogger } from "@/lib/log";
import type { EngineChange } from "./topics";

const log = createLogger("live-feed");

/** Why the feed says the engine does not answer (the hub reports it as SWF's reachability). */
export interface FeedFault {
  fault: "TimeoutError" | "EndpointUnreachable";
  message: string;
}

export interface FeedHandlers {
  onChanges(changes: EngineChange[]): void;
  /** Changes may have been missed (reconnect past the buffer): re-read everything watched. */
  onReset(): void;
  /**
   * The stream is up, or down. Down with a `fault`: the engine did not answer (silence, a refused
   * or timed-out connection). Down without one: it answered but ended the stream (shutting down)
   * or refused the feed, which says nothing about SWF.
   */
  onState(connected: boolean, fault?: FeedFault): void;
}

export interface FeedOptions {
  /** The heartbeat assumed until the engine's `hello` says (ms); the engine's default. */
  heartbeatMs?: number;
  /** Heartbeats missed in a row that count as the engine not answering. */
  missedHeartbeats?: number;
  /** The wait before reconnecting (ms). */
  retryMs?: number;
}

/** The engine's heartbeat (lib/engine/change-feed.ts), until its `hello` says otherwise. */
const DEFAULT_HEARTBEAT_MS = 2_000;
/** An engine whose `hello` names no heartbeat sends one every 15 s (before heartbeatMs existed). */
const UNANNOUNCED_HEARTBEAT_MS = 15_000;
const MISSED_HEARTBEATS = 3;

/** True when the endpoint answers the feed's probe. */
export async function probeFeed(endpoint: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint.replace(/\/$/, "")}/_changes?probe=1`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) return false;
    const body = (await res.json()) as { feed?: string };
    return body.feed === "swf-changes";
  } catch {
    return false;
  }
}

/** The feed's connection failed before any answer: the engine is not there (refused, reset…). */
class NoAnswer extends Error {}

/**
 * Follows the feed until `stop()`; reconnects after a drop (with the last cursor). Silence beyond
 * `missedHeartbeats` heartbeats drops the stream as unreachable (see the module comment).
 */
export function followFeed(
  endpoint: string,
  handlers: FeedHandlers,
  options: FeedOptions = {},
): { stop(): void } {
  const missed = options.missedHeartbeats ?? MISSED_HEARTBEATS;
  const retryMs = options.retryMs ?? 1000;
  let heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  let stopped = false;
  let cursor: number | undefined;
  let abort: AbortController | undefined;
  const loop = async () => {
    while (!stopped) {
      const attempt = new AbortController();
      abort = attempt;
      // The watchdog: re-armed by every byte the engine sends; fires after `missed` heartbeats.
      let silentFor: number | undefined;
      let watchdog: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(watchdog);
        const bound = heartbeatMs * missed;
        watchdog = setTimeout(() => {
          silentFor = bound;
          attempt.abort();
        }, bound);
        watchdog.unref?.();
      };
      try {
        arm();
        const url = `${endpoint.replace(/\/$/, "")}/_changes${cursor !== undefined ? `?cursor=${cursor}` : ""}`;
        const res = await fetch(url, { signal: attempt.signal }).catch((error: Error) => {
          throw silentFor !== undefined ? error : new NoAnswer(causeOf(error));
        });
        if (!res.ok || !res.body) throw new Error(`change feed answered ${res.status}`);
        arm();
        handlers.onState(true);
        const decoder = new TextDecoder();
        let buffer = "";
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          arm();
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          const batch: EngineChange[] = [];
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!data) continue; // a heartbeat (a comment): it re-armed the watchdog above
            const parsed = JSON.parse(data) as EngineChange & {
              seq?: number;
              cursor?: number;
              heartbeatMs?: number;
            };
            if (event === "message") {
              batch.push(parsed);
              cursor = parsed.seq ?? cursor;
            } else if (event === "hello") {
              cursor ??= parsed.cursor;
              heartbeatMs =
                typeof parsed.heartbeatMs === "number" && parsed.heartbeatMs > 0
                  ? parsed.heartbeatMs
                  : UNANNOUNCED_HEARTBEAT_MS;
              arm();
            } else if (event === "reset") {
              cursor = parsed.cursor;
              handlers.onReset();
            }
          }
          if (batch.length) handlers.onChanges(batch);
        }
        throw new Error("change feed closed");
      } catch (error) {
        if (stopped) return;
        const fault: FeedFault | undefined =
          silentFor !== undefined
            ? {
                fault: "TimeoutError",
                message: `The engine did not answer within ${silentFor / 1000} s`,
              }
            : error instanceof NoAnswer
              ? { fault: "EndpointUnreachable", message: error.message }
              : undefined;
        handlers.onState(false, fault);
        log.warn(
          { err: fault?.message ?? (error as Error).message },
          "change feed dropped; reconnecting",
        );
        await new Promise((r) => setTimeout(r, retryMs));
      } finally {
        clearTimeout(watchdog);
      }
    }
  };
  void loop();
  return {
    stop() {
      stopped = true;
      abort?.abort();
    },
  };
}

/** fetch's "fetch failed" hides what happened in its cause (ECONNREFUSED, a reset…). */
function causeOf(error: Error): string {
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  return cause?.message ?? cause?.code ?? error.message;
}
