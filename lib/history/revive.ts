// The browser receives histories as JSON, where `eventTimestamp` is an ISO string (our route
// handlers serialise Dates) or an epoch number (SWF's own wire format, in seconds). Every other
// function in lib/history expects the SDK's shape with real Dates, so revive once at the edge.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { epochToMs } from "./events";

/**
 * Turns JSON-transported events back into `HistoryEvent`s: `eventTimestamp` becomes a Date
 * (ISO string, numeric string, epoch seconds or epoch milliseconds — see `epochToMs`), `eventId`
 * a number. Attribute members are kept as they are (none of them holds a timestamp).
 * Throws a TypeError naming the event when an entry is not an object or its timestamp cannot be
 * read: a history with a broken clock would silently draw nonsense timelines.
 */
export function reviveEvents(json: readonly unknown[]): HistoryEvent[] {
  const out: HistoryEvent[] = new Array(json.length);
  for (let i = 0; i < json.length; i++) {
    const raw = json[i];
    if (!raw || typeof raw !== "object")
      throw new TypeError(`reviveEvents: entry ${i} is not an event object`);
    const event = { ...(raw as Record<string, unknown>) };
    const eventId = toNumber(event.eventId);
    if (eventId === undefined)
      throw new TypeError(`reviveEvents: entry ${i} has no numeric eventId`);
    const timestamp = toDate(event.eventTimestamp);
    if (!timestamp)
      throw new TypeError(`reviveEvents: event ${eventId} has an unreadable eventTimestamp`);
    event.eventId = eventId;
    event.eventTimestamp = timestamp;
    out[i] = event as unknown as HistoryEvent;
  }
  return out;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function toDate(value: unknown): Date | undefined {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === "number") ms = epochToMs(value);
  else if (typeof value === "string") {
    const n = toNumber(value);
    ms = n === undefined ? Date.parse(value) : epochToMs(n);
  } else return undefined;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}
