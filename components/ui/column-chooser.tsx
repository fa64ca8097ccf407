"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "./button";

export interface ChoosableColumn<T extends string> {
  id: T;
  /** Always shown: listed, checked and disabled, so the user sees why it cannot go. */
  required: boolean;
}

/**
 * Which columns of a table show: a button that opens a list of checkboxes (a disclosure, not a
 * modal). Tab and Space work as for any checkbox; Escape closes the list and gives focus back to
 * the button, as does a click outside it.
 */
export function ColumnChooser<T extends string>({
  columns,
  hidden,
  onChange,
  testId,
}: {
  columns: readonly ChoosableColumn<T>[];
  hidden: readonly T[];
  onChange: (hidden: T[]) => void;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);
  const toggle = (id: T) =>
    onChange(hidden.includes(id) ? hidden.filter((h) => h !== id) : [...hidden, id]);
  const shown = columns.length - hidden.length;

  return (
    <div
      ref={root}
      className="relative"
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key !== "Escape" || !open) return;
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }}
    >
      <Button
        ref={button}
        size="xs"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
      >
        Columns ({shown}/{columns.length})
      </Button>
      {open ? (
        <fieldset
          id={panelId}
          className="absolute right-0 z-30 mt-1 flex min-w-44 flex-col gap-1 rounded border border-slate-300 bg-white p-2 text-sm shadow-lg dark:border-slate-600 dark:bg-slate-900"
        >
          <legend className="sr-only">Columns to show</legend>
          {columns.map((c) => (
            <label key={c.id} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={c.required || !hidden.includes(c.id)}
                disabled={c.required}
                onChange={() => toggle(c.id)}
              />
              {c.id}
              {c.required ? (
                <span className="text-xs text-slate-500 dark:text-slate-400">(always)</span>
              ) : null}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
