"use client";
import { TextButton } from "@/components/ui/button";
import { focusEventRow } from "@/components/history/focus-event-row";

/**
 * "#12": shows event 12 in the History tab and takes the keyboard to its row, as a link to an
 * anchor would. Pending work and the needs-attention notice point at their events with it.
 */
export function EventButton({
  id,
  onSelectEvent,
}: {
  id: number | undefined;
  onSelectEvent(eventId: number): void;
}) {
  if (!id) return null;
  return (
    <TextButton
      className="font-mono"
      onClick={() => {
        onSelectEvent(id);
        focusEventRow(id);
      }}
      aria-label={`Show event ${id}`}
    >
      #{id}
    </TextButton>
  );
}
