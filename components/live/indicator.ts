// What a page's one live indicator says, from the tab's live model (live-client.ts): the stream's
// state, whether SWF answers the console, and whether the person paused the page's refreshes.
// Pure: live-status.tsx renders it.
import type { SwfReach } from "@/lib/console/live/hub";
import type { LiveStatus } from "./live-client";

export type LiveIndicatorStatus =
  "live" | "paused" | "reconnecting" | "connecting" | "unreachable" | "signed-out";

export interface LiveIndicator {
  status: LiveIndicatorStatus;
  text: string;
  /** The tooltip: what the state means for what the page shows. */
  title: string;
}

export interface LiveFacts {
  stream: LiveStatus;
  swf: SwfReach;
  /** Something on the page holds its refreshes (the executions list's Auto-refresh off). */
  paused: boolean;
  /** "push" (the engine pushes) or "poll" (the console polls SWF for all tabs); undefined until known. */
  mode: "push" | "poll" | undefined;
}

/**
 * The one state to show, most urgent first: the session ended (nothing reaches this page until
 * the person signs in again), SWF not answering (nothing on any page can change), then the
 * person's own pause, then the stream being down (the page polls meanwhile) or not open yet, else
 * live.
 */
export function liveIndicator({ stream, swf, paused, mode }: LiveFacts): LiveIndicator {
  if (stream === "signed-out")
    return {
      status: "signed-out",
      text: "Signed out",
      // The page's notice says the rest (how to sign in again): not read out twice.
      title: "Signed out",
    };
  if (stream === "live" && !swf.reachable)
    return {
      status: "unreachable",
      text: "SWF unreachable",
      title: `The console cannot reach SWF (${swf.message ?? swf.fault}): this page shows what it last read, and goes live again once SWF answers`,
    };
  if (paused)
    return {
      status: "paused",
      text: "Paused",
      title: "Auto-refresh is paused: what is on screen stays as it is until you resume it",
    };
  if (stream === "polling")
    return {
      status: "reconnecting",
      text: "Reconnecting…",
      title: "The live stream is down: this page refreshes every few seconds while it reconnects",
    };
  if (stream === "connecting")
    return { status: "connecting", text: "Connecting…", title: "Opening the live stream" };
  return {
    status: "live",
    text: "Live",
    title:
      mode === "poll"
        ? "Changes are pushed; the console checks SWF every few seconds for all viewers"
        : "Changes are pushed as they happen",
  };
}
