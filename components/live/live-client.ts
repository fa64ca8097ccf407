"use client";
/**
 * One live stream per browser tab (`/api/live`, server-sent events) carrying the topics of every
 * mounted live view. The stream reopens (debounced) when the set of topics changes. While it is
 * down the views poll as they did before push existed, and it keeps trying to come back;
 * `liveStatus()` says which. A view may also hold the page's refreshes (`holdPause`): the page's
 * one indicator (indicator.ts) says so.
 */
import type { HistoryEvent } from "@aws-sdk/client-swf";
import type { PendingCounts, SwfReach } from "@/lib/console/live/hub";
import { consoleFetch, SESSION_ROUTE } from "@/components/api/client";
import { onSessionEndedChange, sessionHasEnded } from "@/components/auth/session-ended";

/**
 * `polling`: the stream is down and the views poll while it comes back; `signed-out`: the person's
 * session has ended (session-ended.ts), and the stream stays closed until it answers again.
 */
export type LiveStatus = "connecting" | "live" | "polling" | "signed-out";
export type LiveMessage =
  | { topic: string; type: "events"; events: HistoryEvent[]; lastEventId: number }
  | { topic: string; type: "changed" }
  /** The pending task counts of the task lists a tasklists topic names (poll mode). */
  | { topic: string; type: "counts"; counts: PendingCounts[] }
  /** The stream (re)opened or dropped: views re-read what they show. */
  | { topic: string; type: "resync" };

type Handler = (m: LiveMessage) => void;

const handlers = new Map<string, Set<Handler>>();
const statusListeners = new Set<() => void>();
let status: LiveStatus = "connecting";
let mode: "push" | "poll" | undefined;
/** The state before any stream said otherwise (server rendering, first paint). */
export const SWF_REACHABLE: SwfReach = { reachable: true };
let swf = SWF_REACHABLE;
let source: EventSource | undefined;
let openTopics = "";
let reopenTimer: ReturnType<typeof setTimeout> | undefined;
/** Views holding the page's refreshes. */
let pauses = 0;
/** Failed reopen attempts in a row (the wait before the next one grows with them). */
let failures = 0;

/** The wait before reopening a stream the browser gave up on: 2 s, doubling, at most 30 s. */
export const retryDelayMs = (failed: number): number => Math.min(30_000, 2_000 * 2 ** failed);

function notify() {
  for (const l of statusListeners) l();
}

function setStatus(next: LiveStatus) {
  if (status === next) return;
  status = next;
  notify();
}

function dispatchAll(type: "resync") {
  for (const [topic, set] of handlers) for (const h of set) h({ topic, type });
}

function reopen(delayMs = 30) {
  clearTimeout(reopenTimer);
  reopenTimer = setTimeout(() => {
    const topics = [...handlers.keys()].sort();
    const key = topics.join("\n");
    if (key === openTopics && source && source.readyState !== EventSource.CLOSED) return;
    source?.close();
    source = undefined;
    openTopics = key;
    if (topics.length === 0 || sessionHasEnded()) return;
    const q = new URLSearchParams();
    for (const t of topics) q.append("topic", t);
    const es = new EventSource(`/api/live?${q}`);
    source = es;
    es.addEventListener("ready", (e) => {
      const ready = JSON.parse((e as MessageEvent).data) as {
        mode: "push" | "poll";
        swf?: SwfReach;
      };
      mode = ready.mode;
      swf = ready.swf ?? SWF_REACHABLE;
      failures = 0;
      setStatus("live");
      dispatchAll("resync");
    });
    es.addEventListener("mode", (e) => {
      mode = (JSON.parse((e as MessageEvent).data) as { mode: "push" | "poll" }).mode;
      notify();
    });
    es.addEventListener("swf", (e) => {
      const back = !swf.reachable;
      swf = JSON.parse((e as MessageEvent).data) as SwfReach;
      notify();
      // SWF answers again: views re-read what they show (a list that showed the fault, a run
      // whose changes the hub could not read meanwhile), as after the stream reopens.
      if (back && swf.reachable) dispatchAll("resync");
    });
    es.onmessage = (e) => {
      const m = JSON.parse(e.data) as LiveMessage;
      for (const h of handlers.get(m.topic) ?? []) h(m);
    };
    es.onerror = () => {
      if (source !== es) return;
      // EventSource retries a dropped connection by itself, but gives up on a refused one (an
      // HTTP error, 429 TooManyStreams): then this reopens it, waiting longer each time. Until it
      // is back, the views poll.
      if (es.readyState === EventSource.CLOSED)
        void streamRefusedForSession().then((signedOut) => {
          if (source === es && !signedOut) reopen(retryDelayMs(failures++));
        });
      if (status === "live") {
        setStatus("polling");
        dispatchAll("resync");
      } else setStatus("polling");
    };
  }, delayMs);
}

/**
 * Whether the console refused the stream because the session has ended: EventSource does not say
 * which HTTP status refused it, so the session is asked (its 401 marks the tab signed out).
 * Unknown (no answer) counts as not ended: the stream is tried again.
 */
async function streamRefusedForSession(): Promise<boolean> {
  await consoleFetch(SESSION_ROUTE).catch(() => undefined);
  return sessionHasEnded();
}

// Signed out: close the stream at once rather than at its next heartbeat. Signed in again: reopen.
onSessionEndedChange(() => {
  if (sessionHasEnded()) {
    clearTimeout(reopenTimer);
    source?.close();
    source = undefined;
    openTopics = "";
    setStatus("signed-out");
  } else {
    failures = 0;
    setStatus("connecting");
    reopen();
  }
});

/** Watches `topic` until the returned function is called. */
export function watchTopic(topic: string, handler: Handler): () => void {
  let set = handlers.get(topic);
  if (!set) handlers.set(topic, (set = new Set()));
  set.add(handler);
  reopen();
  return () => {
    set.delete(handler);
    if (set.size === 0) handlers.delete(topic);
    reopen();
  };
}

export function liveStatus(): LiveStatus {
  return status;
}

/** "push" (the engine pushes) or "poll" (the console polls SWF for all tabs); undefined until known. */
export function liveMode(): "push" | "poll" | undefined {
  return mode;
}

/** Whether SWF answers the console's live reads (as the stream last said). */
export function liveSwf(): SwfReach {
  return swf;
}

/** True when changes arrive over the stream: views may stop their own polling. */
export function streamIsLive(): boolean {
  return status === "live";
}

/** Holds the page's refreshes (shown as paused) until the returned function is called. */
export function holdPause(): () => void {
  pauses++;
  notify();
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    pauses--;
    notify();
  };
}

/** Whether some view holds the page's refreshes. */
export function livePaused(): boolean {
  return pauses > 0;
}

export function onLiveStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}
