// The colour an event gets in the history list: the same VisualStatus vocabulary as the timeline
// bars and graph nodes (an ActivityTaskFailed row is the red of a failed bar and node).
import { outcomeStatusOfEvent, type VisualStatus } from "@/lib/history/status";

export function eventStatus(eventType: string | undefined): VisualStatus {
  if (!eventType) return "pending";
  const outcome = outcomeStatusOfEvent(eventType);
  if (outcome) return outcome;
  if (eventType.endsWith("CancelRequested")) return "canceled";
  if (eventType.endsWith("Scheduled") || eventType.endsWith("Initiated")) return "scheduled";
  if (eventType.endsWith("Started")) return "running";
  // Signaled, MarkerRecorded and anything else that just happened.
  return "completed";
}
