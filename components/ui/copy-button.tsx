"use client";

import { useState, type ReactNode } from "react";

/**
 * Copies `text` to the clipboard and says so for a moment: "Copy" becomes "Copied" (or, for a
 * compact button, `idle` becomes `done`).
 */
export function CopyButton({
  text,
  label = "Copy",
  testId,
  idle = "Copy",
  done = "Copied",
  className = "text-slate-600 hover:text-slate-900 hover:underline dark:text-slate-400 dark:hover:text-slate-100",
  title,
}: {
  text: string;
  label?: string;
  testId?: string;
  idle?: ReactNode;
  done?: ReactNode;
  className?: string;
  title?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={className}
      title={title ?? label}
      aria-label={copied ? `${label}: copied` : label}
      data-testid={testId}
      data-copied={copied || undefined}
      onClick={(e) => {
        // Inside a row that is a link, the copy is all the click does.
        e.preventDefault();
        void navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => undefined,
        );
      }}
    >
      {copied ? done : idle}
    </button>
  );
}

/** Two overlapping squares: "copy", drawn rather than a glyph some fonts lack. */
export function CopyIcon() {
  return (
    <svg viewBox="0 0 16 16" className="inline size-3.5" aria-hidden="true">
      <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" />
      <path
        d="M11 3.5V3a1.5 1.5 0 0 0-1.5-1.5H3A1.5 1.5 0 0 0 1.5 3v6.5A1.5 1.5 0 0 0 3 11h.5"
        fill="none"
        stroke="currentColor"
      />
    </svg>
  );
}
