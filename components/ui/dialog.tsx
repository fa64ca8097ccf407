"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * A modal dialog on the native `<dialog>` element (focus trap, Escape, inert background). Closing
 * by Escape or the ✕ calls `onClose`; `busy` keeps it open while a request runs. Focus goes to the
 * field marked `data-autofocus` (else the browser's choice: the ✕), and back to whatever had it
 * before once the dialog closes, so that a keyboard user carries on where they were.
 */
export function Dialog({
  open,
  title,
  onClose,
  busy = false,
  children,
  testId,
  wide = false,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  busy?: boolean;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // React's autoFocus ran while the dialog was still hidden, so it had no effect.
    dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // Closing unmounts the dialog, and the browser cannot give focus back to an element it no
      // longer has: do it here.
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);
  if (!open) return null;
  return (
    <dialog
      ref={ref}
      aria-label={title}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      className={`m-auto w-full ${wide ? "max-w-3xl" : "max-w-lg"} rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100`}
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <h2 className="text-base font-semibold">{title}</h2>
        <button
          type="button"
          aria-label="Close"
          onClick={onClose}
          disabled={busy}
          className="px-2 text-lg leading-none"
        >
          ×
        </button>
      </div>
      <div className="max-h-[80vh] overflow-auto p-4">{children}</div>
    </dialog>
  );
}
