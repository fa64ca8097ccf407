// Pure bookkeeping for a history that arrives in pieces: forward pages of 1,000 events from
// event 1 (GetWorkflowExecutionHistory), plus a "tail" of the newest events fetched in reverse
// order (the total count, the close event, live updates). Unit-tested in tests/components.
import type { HistoryEvent } from "@aws-sdk/client-swf";

export interface HistoryPage {
  events: HistoryEvent[];
  nextPageToken?: string;
}

export interface HistoryTail {
  /** Newest events seen, ascending and contiguous. */
  events: HistoryEvent[];
  /** Id of the newest event in the history when last polled (= the history's length). */
  lastEventId: number;
}

/** Id of the last event of the last page, 0 when nothing is loaded. */
export function lastPageEventId(pages: readonly HistoryPage[] | undefined): number {
  if (!pages) return 0;
  for (let i = pages.length - 1; i >= 0; i--) {
    const events = pages[i].events;
    if (events.length > 0) return events[events.length - 1].eventId ?? 0;
  }
  return 0;
}

/**
 * The history as far as it is known without gaps: every page, then the tail's events that
 * continue it. Event ids run 1, 2, 3… without gaps, so contiguity is checked by id.
 */
export function mergeHistory(
  pages: readonly HistoryPage[] | undefined,
  tail: HistoryTail | undefined,
): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  let next = 1;
  // Pages, then the tail; events already in are skipped, a gap ends the history (it should not
  // happen with forward pages; the tail may not reach back to the pages yet).
  for (const events of [...(pages ?? []).map((p) => p.events), tail?.events ?? []]) {
    for (const event of events) {
      const id = event.eventId ?? 0;
      if (id > next) return out;
      if (id === next) {
        out.push(event);
        next++;
      }
    }
  }
  return out;
}

/**
 * Adds freshly fetched newest events (any order) to the tail, keeping it ascending and
 * contiguous. When the fresh events do not connect to the kept ones (more arrived between two
 * polls than one poll fetches), the fresh run replaces the old tail. Returns `previous` itself
 * when nothing is new, so that views memoized on it do not recompute.
 */
export function extendTail(
  previous: HistoryTail | undefined,
  fresh: readonly HistoryEvent[],
  lastEventId: number,
): HistoryTail {
  const sorted = [...fresh].sort((a, b) => (a.eventId ?? 0) - (b.eventId ?? 0));
  const kept = previous?.events ?? [];
  const keptLast = kept.length > 0 ? (kept[kept.length - 1].eventId ?? 0) : 0;
  const additions = sorted.filter((e) => (e.eventId ?? 0) > keptLast);
  if (additions.length === 0 && previous && lastEventId <= previous.lastEventId) return previous;
  let events: HistoryEvent[];
  if (additions.length === 0) events = kept as HistoryEvent[];
  else if (kept.length > 0 && (additions[0].eventId ?? 0) === keptLast + 1)
    events = [...kept, ...additions];
  else events = additions;
  return {
    events,
    lastEventId: Math.max(lastEventId, previous?.lastEventId ?? 0, lastIdOf(events)),
  };
}

function lastIdOf(events: readonly HistoryEvent[]): number {
  return events.length > 0 ? (events[events.length - 1].eventId ?? 0) : 0;
}
