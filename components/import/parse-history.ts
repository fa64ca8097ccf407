// Reading a history someone pasted or uploaded: the JSON that `aws swf get-workflow-execution-history`
// prints (`{"events": [...]}` with epoch-second timestamps), the console's own JSON download (ISO
// timestamps), or a bare array of events. Pure; everything stays in the browser.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { reviveEvents } from "@/lib/history/revive";

export type ParsedHistory = { events: HistoryEvent[] } | { error: string };

/** Largest file accepted; a 25,000-event history with large payloads stays well below it. */
export const MAX_HISTORY_BYTES = 200 * 1024 * 1024;

export function parseHistoryJson(text: string): ParsedHistory {
  const trimmed = text.trim();
  if (trimmed === "") return { error: "Paste a history or choose a file first." };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (e) {
    return { error: `This is not JSON: ${(e as Error).message}` };
  }
  const list = Array.isArray(json)
    ? json
    : json && typeof json === "object" && Array.isArray((json as { events?: unknown }).events)
      ? (json as { events: unknown[] }).events
      : undefined;
  if (!list)
    return {
      error:
        'Expected the output of "aws swf get-workflow-execution-history": an object with an "events" list.',
    };
  if (list.length === 0) return { error: "The history has no events." };
  let events: HistoryEvent[];
  try {
    events = reviveEvents(list);
  } catch (e) {
    return { error: (e as Error).message.replace(/^reviveEvents: /, "") };
  }
  // The CLI prints pages in order, but a hand-merged file may not be: views expect ascending ids.
  events.sort((a, b) => (a.eventId ?? 0) - (b.eventId ?? 0));
  for (let i = 1; i < events.length; i++) {
    if (events[i].eventId === events[i - 1].eventId)
      return { error: `Event ${events[i].eventId} appears twice.` };
  }
  if (events.some((e) => typeof e.eventType !== "string"))
    return { error: "Every event needs an eventType." };
  return { events };
}
