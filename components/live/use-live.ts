"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import {
  holdPause,
  livePaused,
  liveStatus,
  liveSwf,
  onLiveStatus,
  SWF_REACHABLE,
  watchTopic,
  type LiveMessage,
  type LiveStatus,
} from "./live-client";
import type { SwfReach } from "@/lib/console/live/hub";

/** Calls `handler` with each message of `topic` (null: watch nothing) while mounted. */
export function useLiveTopic(topic: string | null, handler: (m: LiveMessage) => void) {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!topic) return;
    return watchTopic(topic, (m) => ref.current(m));
  }, [topic]);
}

/** The tab's live-stream status, re-rendering on change. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(onLiveStatus, liveStatus, () => "connecting" as const);
}

/** Whether SWF answers the console's live reads, re-rendering on change. */
export function useLiveSwf(): SwfReach {
  return useSyncExternalStore(onLiveStatus, liveSwf, () => SWF_REACHABLE);
}

/** Whether some view on the page holds its refreshes, re-rendering on change. */
export function useLivePaused(): boolean {
  return useSyncExternalStore(onLiveStatus, livePaused, () => false);
}

/** Holds the page's refreshes while `paused` (the page's live indicator then says so). */
export function useLivePause(paused: boolean) {
  useEffect(() => (paused ? holdPause() : undefined), [paused]);
}
