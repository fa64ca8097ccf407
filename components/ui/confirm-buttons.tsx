"use client";
// The two buttons at the end of a confirming dialog: the action (busy while it runs) and the way
// back out, which is disabled meanwhile so the request is not left half-watched.
import type { ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";

export function ConfirmButtons({
  variant = "primary",
  label,
  busyLabel,
  busy = false,
  disabled = false,
  onConfirm,
  testId,
  cancelLabel = "Cancel",
  onCancel,
  children,
}: {
  variant?: ButtonVariant;
  label: ReactNode;
  /** Shown on the action while `busy`. */
  busyLabel?: ReactNode;
  busy?: boolean;
  /** Disables the action alone (e.g. while the form is incomplete). */
  disabled?: boolean;
  onConfirm: () => void;
  testId: string;
  cancelLabel?: string;
  onCancel: () => void;
  /** Anything after the buttons on the same row (e.g. a link). */
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant={variant}
        disabled={busy || disabled}
        onClick={onConfirm}
        data-testid={testId}
      >
        {busy && busyLabel ? busyLabel : label}
      </Button>
      <Button variant="secondary" onClick={onCancel} disabled={busy}>
        {cancelLabel}
      </Button>
      {children}
    </div>
  );
}
