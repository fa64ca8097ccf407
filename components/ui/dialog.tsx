"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { enabledBeside } from "./focus";

/**
 * A modal dialog on the native `<dialog>` element (focus trap, Escape, inert background). Closing
 * by Escape or the ✕ calls `onClose`; `busy` keeps it open while a request runs. Focus goes to the
 * field marked `data-autofocus` (else the browser's choice: the ✕), and back to whatever had it
 * before once the dialog closes, so that a keyboard user carries on where they were.
 *
 * A dialog's content changes under the person's focus: the form gives way to its confirmation,
 * its progress, its outcome. The control that had focus is then gone and the browser puts focus
 * on the page's body, behind the dialog: it is brought back to what now stands for it (the new
 * content's `data-autofocus` control, else the dialog itself).
 */
/** The control a dialog's content marks for focus, when it can take it. */
const AUTOFOCUS = "[data-autofocus]:not(:disabled)";

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
    dialog.querySelector<HTMLElement>(AUTOFOCUS)?.focus();
    // Focus parked on the dialog moves on to the first control marked for it; focus the person
    // put on the dialog (a click on its text) stays.
    let parked = false;
    const keepFocus = new MutationObserver(() => {
      const at = document.activeElement;
      if (at && at !== dialog && dialog.contains(at)) return;
      if (at === dialog && !parked) return;
      const next = dialog.querySelector<HTMLElement>(AUTOFOCUS);
      parked = !next;
      (next ?? dialog).focus();
    });
    keepFocus.observe(dialog, { childList: true, subtree: true });
    return () => {
      keepFocus.disconnect();
      if (dialog.open) dialog.close();
      // Closing unmounts the dialog, and the browser cannot give focus back to an element it no
      // longer has: do it here.
      giveFocusBack(opener);
    };
  }, [open]);
  if (!open) return null;
  return (
    <dialog
      ref={ref}
      // Focusable itself: where focus waits while the content has no control (a running request).
      tabIndex={-1}
      aria-label={title}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      className={`m-auto w-full ${wide ? "max-w-3xl" : "max-w-lg"} rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl focus:outline-none backdrop:bg-black/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100`}
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

/**
 * Focus back on the control that opened a dialog. The action may have disabled it (a terminated
 * execution cannot be terminated again): then the first control beside it still enabled, else
 * the page's main content, rather than the body.
 */
function giveFocusBack(opener: HTMLElement | null) {
  if (opener?.isConnected && !opener.matches(":disabled")) return opener.focus();
  ((opener && enabledBeside(opener)) ?? document.getElementById("main"))?.focus();
}
