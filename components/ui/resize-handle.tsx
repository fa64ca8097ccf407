"use client";

import { useRef, type KeyboardEvent, type PointerEvent } from "react";

/** Arrow keys move the edge by this much; with Shift, by `BIG_STEP`. */
const STEP = 16;
const BIG_STEP = 64;

export function clampWidth(width: number, min: number, max: number): number {
  return Math.round(Math.min(max, Math.max(min, width)));
}

/**
 * The draggable edge of a column (WAI-ARIA window splitter: a focusable vertical separator with
 * its value). Drag it with a pointer, or focus it and use ← → (Shift for larger steps), Home, End.
 */
export function ResizeHandle({
  label,
  value,
  min,
  max,
  onChange,
  testId,
}: {
  /** What is resized, e.g. "Name column width". */
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  testId?: string;
}) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const set = (width: number) => onChange(clampWidth(width, min, max));
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? BIG_STEP : STEP;
    const next =
      e.key === "ArrowLeft"
        ? value - step
        : e.key === "ArrowRight"
          ? value + step
          : e.key === "Home"
            ? min
            : e.key === "End"
              ? max
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    set(next);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, width: value };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) set(drag.current.width + e.clientX - drag.current.x);
  };
  const end = () => {
    drag.current = null;
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      title={`${label}: drag, or use the arrow keys`}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onPointerCancel={end}
      className="absolute top-0 -right-1.5 z-40 flex h-full w-3 cursor-col-resize touch-none justify-center select-none after:block after:h-full after:w-0.5 after:bg-slate-300 hover:after:bg-sky-500 focus-visible:after:bg-sky-500 dark:after:bg-slate-600"
    />
  );
}
