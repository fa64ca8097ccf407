"use client";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { DataText } from "@/components/ui/data-text";
import { revealBidiControls } from "@/components/ui/bidi";

/** Longer than this, an id is cut to two lines and gets a copy button. */
const LONG = 40;

/**
 * An id that may be very long (workflow ids reach 256 characters): it wraps anywhere and stops
 * after two lines rather than widening its column, keeps the full id in its tooltip, and a long
 * one can be copied whole.
 */
export function LongId({
  id,
  label,
  children,
  className = "",
}: {
  id: string;
  /** What it is, for the copy button: "workflow id", "activity id". */
  label: string;
  /** What to show (a link, a styled span); the id itself by default. */
  children?: ReactNode;
  className?: string;
}) {
  return (
    <span className="inline-flex min-w-0 max-w-full items-baseline gap-1 align-baseline">
      <span
        className={`line-clamp-2 min-w-0 wrap-anywhere ${className}`}
        title={revealBidiControls(id)}
      >
        {children ?? <DataText text={id} />}
      </span>
      {id.length > LONG ? (
        <CopyButton
          text={id}
          label={`Copy ${label}`}
          className="shrink-0 text-xs text-slate-600 hover:underline dark:text-slate-400"
        />
      ) : null}
    </span>
  );
}
