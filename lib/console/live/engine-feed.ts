/**
 * Client of the embedded engine's change feed (`GET /_changes`, see the engine's docs): probes
 * for it, keeps one stream open for the whole console process and reconnects with its cursor.
 * Against AWS (or an engine with the feed off) the probe fails and the hub polls SWF instead.
 */
import { createLogger } from "@/lib/log";
import type { EngineChange } from "./topics";

const log = createLogger("live-feed");

export interface FeedHandlers {
  onChanges(changes: EngineChange[]): void;
  /** Changes may have been missed (reconnect past the buffer): re-read everything watched. */
  onReset(): void;
  onState(connected: boolean): void;
}

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

/** Follows the feed until `stop()`; reconnects after a drop (with the last cursor). */
export function followFeed(endpoint: string, handlers: FeedHandlers): { stop(): void } {
  let stopped = false;
  let cursor: number | undefined;
  let abort: AbortController | undefined;
  const loop = async () => {
    while (!stopped) {
      abort = new AbortController();
      try {
        const url = `${endpoint.replace(/\/$/, "")}/_changes${cursor !== undefined ? `?cursor=${cursor}` : ""}`;
        const res = await fetch(url, { signal: abort.signal });
        if (!res.ok || !res.body) throw new Error(`change feed answered ${res.status}`);
        handlers.onState(true);
        const decoder = new TextDecoder();
        let buffer = "";
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          const batch: EngineChange[] = [];
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!data) continue;
            const parsed = JSON.parse(data) as EngineChange & { seq?: number; cursor?: number };
            if (event === "message") {
              batch.push(parsed);
              cursor = parsed.seq ?? cursor;
            } else if (event === "hello") {
              cursor ??= parsed.cursor;
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
        handlers.onState(false);
        log.warn({ err: (error as Error).message }, "change feed dropped; reconnecting");
        await new Promise((r) => setTimeout(r, 1000));
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
