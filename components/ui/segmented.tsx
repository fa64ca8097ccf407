"use client";

import { useId } from "react";

export interface SegmentOption<T extends string> {
  value: T;
  label: string;
}

/**
 * A row of mutually exclusive choices (radio group styled as buttons): open/closed,
 * registered/deprecated. Arrow keys move between options, as for any radio group.
 */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  name,
}: {
  label: string;
  options: SegmentOption<T>[];
  value: T;
  onChange: (value: T) => void;
  name?: string;
}) {
  const generated = useId();
  const group = name ?? generated;
  return (
    <fieldset className="inline-flex">
      <legend className="sr-only">{label}</legend>
      <div className="inline-flex overflow-hidden rounded border border-slate-300 dark:border-slate-600">
        {options.map((option, i) => {
          const checked = option.value === value;
          return (
            <label
              key={option.value}
              className={`cursor-pointer px-2.5 py-1 text-sm select-none has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-500 ${
                i > 0 ? "border-l border-slate-300 dark:border-slate-600" : ""
              } ${
                checked
                  ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900"
                  : "bg-white text-slate-700 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800"
              }`}
            >
              <input
                type="radio"
                className="sr-only"
                name={group}
                value={option.value}
                checked={checked}
                onChange={() => onChange(option.value)}
              />
              {option.label}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
