"use client";

import { useState } from "react";
import { formatCount } from "@/components/ui/format";
import { TextButton } from "@/components/ui/button";
import { escapeBidiControls } from "@/components/ui/bidi";
import { DataText } from "@/components/ui/data-text";

/**
 * Shows a workflow payload (input, result, details) for people: a JSON object becomes a key/value
 * list, an array of objects a table, other arrays a list, long text is folded, and a toggle shows
 * the raw JSON. Anything else is shown as the raw text. Always inert text (React escapes it).
 */
export function parsePayload(
  text: string | null | undefined,
): { json: true; value: unknown } | { json: false; text: string } {
  if (text === null || text === undefined || text === "") return { json: false, text: "" };
  try {
    return { json: true, value: JSON.parse(text) };
  } catch {
    return { json: false, text };
  }
}

const FOLD_CHARS = 280;
const FOLD_LINES = 4;
const PRE =
  "overflow-auto whitespace-pre-wrap wrap-anywhere rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800";

/** Text folded to its start past FOLD_CHARS or FOLD_LINES, with "Show all (N characters)". */
export function LongText({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > FOLD_CHARS || text.split("\n").length > FOLD_LINES;
  if (!long)
    return (
      <span className="whitespace-pre-wrap wrap-anywhere">
        <DataText text={text} />
      </span>
    );
  const shown = open
    ? text
    : `${text.slice(0, FOLD_CHARS).split("\n").slice(0, FOLD_LINES).join("\n")}…`;
  return (
    <span className="whitespace-pre-wrap wrap-anywhere">
      <DataText text={shown} />{" "}
      <TextButton className="text-xs" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? "Show less" : `Show all (${formatCount(text.length)} characters)`}
      </TextButton>
    </span>
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function isScalar(v: unknown): boolean {
  return v === null || ["string", "number", "boolean"].includes(typeof v);
}

function ObjectTable({ rows }: { rows: Record<string, unknown>[] }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].slice(0, 12);
  return (
    <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-700">
      <table className="w-full border-collapse text-left text-xs">
        <thead className="bg-slate-50 text-slate-600 dark:bg-slate-900 dark:text-slate-300">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-2 py-1 font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className="border-t border-slate-200 dark:border-slate-700">
              {columns.map((c) => (
                <td key={c} className="px-2 py-1 align-top">
                  {c in r ? <Value value={r[c]} depth={3} /> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Value({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === null) return <span className="text-slate-500 dark:text-slate-400">null</span>;
  if (typeof value === "string") return <LongText text={value} />;
  if (typeof value === "number" || typeof value === "boolean")
    return <span className="font-mono">{String(value)}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-slate-500 dark:text-slate-400">none</span>;
    if (value.every(isRecord) && depth < 3) return <ObjectTable rows={value} />;
    if (value.every(isScalar))
      return (
        <span className="wrap-anywhere">
          {value.map((v, i) => (
            <span key={i}>
              {i > 0 ? ", " : ""}
              <Value value={v} depth={depth + 1} />
            </span>
          ))}
        </span>
      );
  }
  if (isRecord(value) && depth < 3) return <KeyValues value={value} depth={depth + 1} />;
  return <pre className={PRE}>{escapeBidiControls(JSON.stringify(value, null, 2))}</pre>;
}

function KeyValues({
  value,
  depth,
  testId,
}: {
  value: Record<string, unknown>;
  depth: number;
  testId?: string;
}) {
  const entries = Object.entries(value);
  if (entries.length === 0)
    return <span className="text-slate-500 dark:text-slate-400">{"{}"}</span>;
  return (
    <dl
      data-testid={testId}
      className={`grid grid-cols-[minmax(5rem,max-content)_1fr] gap-x-4 gap-y-1 text-sm ${depth > 0 ? "border-l border-slate-200 pl-2 dark:border-slate-700" : ""}`}
    >
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="break-all font-medium text-slate-600 dark:text-slate-400">
            <DataText text={k} />
          </dt>
          <dd className="min-w-0">
            <Value value={v} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A payload for reading, with a JSON toggle. `hide` leaves out top-level members shown elsewhere
 * (the question in the heading, the form as inputs); the JSON view still has them.
 */
export function ValueView({
  text,
  testId,
  hide = [],
}: {
  text: string | null | undefined;
  testId?: string;
  hide?: string[];
}) {
  const [raw, setRaw] = useState(false);
  const parsed = parsePayload(text);
  if (!parsed.json) {
    if (!parsed.text)
      return (
        <p className="text-sm text-slate-500 dark:text-slate-400" data-testid={testId}>
          (none)
        </p>
      );
    return (
      <pre data-testid={testId} className={PRE}>
        <DataText text={parsed.text} />
      </pre>
    );
  }
  const value = isRecord(parsed.value)
    ? Object.fromEntries(Object.entries(parsed.value).filter(([k]) => !hide.includes(k)))
    : parsed.value;
  // An object whose every member is shown elsewhere says so, rather than showing a bare {}.
  const hidden = isRecord(parsed.value) ? hide.filter((k) => k in (parsed.value as object)) : [];
  return (
    <div className="grid gap-1">
      <div className="flex justify-end">
        <TextButton
          className="text-xs"
          aria-pressed={raw}
          onClick={() => setRaw((r) => !r)}
          data-testid="inbox-json-toggle"
        >
          {raw ? "Show as fields" : "Show JSON"}
        </TextButton>
      </div>
      {raw ? (
        <pre data-testid={testId} className={PRE}>
          {escapeBidiControls(JSON.stringify(parsed.value, null, 2))}
        </pre>
      ) : isRecord(value) && hidden.length > 0 && Object.keys(value).length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400" data-testid={testId}>
          Nothing besides the {hidden.join(" and ")}.
        </p>
      ) : isRecord(value) ? (
        <KeyValues value={value} depth={0} testId={testId} />
      ) : (
        <div data-testid={testId} className="text-sm">
          <Value value={value} />
        </div>
      )}
    </div>
  );
}
