"use client";
// The aligned work items of two runs: one row per item, A and B side by side with their status
// and duration, the first divergence highlighted, and payload diffs under each differing row.
import type { CloseStatus } from "@aws-sdk/client-swf";
import { useState } from "react";
import type { AlignedItem, RunComparison } from "@/lib/history/compare";
import { itemStatus, type WorkItem } from "@/lib/history/work-items";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDuration } from "@/components/ui/format";
import { payloadDiff } from "./payload-diff";

/** Rows drawn at first; a 25,000-event run can have thousands of items. */
const FIRST_ROWS = 500;

const PAYLOAD_FIELDS = ["input", "result", "reason", "details"] as const;

function Side({ item, close }: { item?: WorkItem; close?: CloseStatus }) {
  if (!item) return <span className="text-slate-500 dark:text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <StatusBadge status={itemStatus(item, close)} />
      <span className="tabular-nums text-xs text-slate-700 dark:text-slate-300">
        {item.durationMs !== undefined ? formatDuration(item.durationMs) : ""}
      </span>
    </span>
  );
}

function Delta({ ms }: { ms?: number }) {
  if (ms === undefined || ms === 0) return null;
  const slower = ms > 0;
  return (
    <span
      className={`tabular-nums text-xs ${slower ? "text-orange-700 dark:text-orange-300" : "text-emerald-700 dark:text-emerald-300"}`}
      title={slower ? "B took longer" : "B was faster"}
    >
      {slower ? "+" : "−"}
      {formatDuration(Math.abs(ms))}
    </span>
  );
}

/** Line diff of one payload field, inert text only. */
export function PayloadDiff({ label, a, b }: { label: string; a?: string; b?: string }) {
  const parts = payloadDiff(a, b);
  return (
    <div className="min-w-0">
      <p className="text-xs font-semibold text-slate-700 dark:text-slate-300">{label}</p>
      <pre
        className="max-h-72 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-900"
        data-testid={`diff-${label}`}
      >
        {parts.map((p, i) => (
          <span
            key={i}
            data-diff={p.kind}
            className={
              p.kind === "added"
                ? "block bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100"
                : p.kind === "removed"
                  ? "block bg-red-100 text-red-900 line-through decoration-red-400/60 dark:bg-red-900/50 dark:text-red-100"
                  : "block text-slate-700 dark:text-slate-300"
            }
          >
            {p.kind === "added" ? "+ " : p.kind === "removed" ? "- " : "  "}
            {p.text}
          </span>
        ))}
      </pre>
    </div>
  );
}

function Diffs({ item }: { item: AlignedItem }) {
  const fields = PAYLOAD_FIELDS.filter(
    (f) => item.differences.includes(f) || (!item.a !== !item.b && (item.a ?? item.b)?.[f]),
  );
  if (fields.length === 0) return null;
  return (
    <div className="grid gap-2 md:grid-cols-2">
      {fields.map((f) => (
        <PayloadDiff key={f} label={f} a={item.a?.[f]} b={item.b?.[f]} />
      ))}
    </div>
  );
}

/** The runs' own differences: input, outcome, result or failure. */
export function RunDifferences({ run }: { run: AlignedItem }) {
  const fields = PAYLOAD_FIELDS.filter((f) => run.differences.includes(f));
  if (fields.length === 0 && !run.differences.includes("state")) return null;
  return (
    <section aria-label="Run differences" className="flex flex-col gap-2">
      <h2 className="text-sm font-semibold">The runs</h2>
      {run.differences.includes("state") ? (
        <p className="text-sm">
          Run A {run.a?.state ?? "—"}, run B {run.b?.state ?? "—"}.
        </p>
      ) : null}
      <div className="grid gap-2 md:grid-cols-2">
        {fields.map((f) => (
          <PayloadDiff key={f} label={f} a={run.a?.[f]} b={run.b?.[f]} />
        ))}
      </div>
    </section>
  );
}

export function ComparisonTable({
  comparison,
  closeA,
  closeB,
}: {
  comparison: RunComparison;
  closeA?: CloseStatus;
  closeB?: CloseStatus;
}) {
  const [all, setAll] = useState(false);
  const first = comparison.firstDivergence?.index ?? -1;
  const rows = all ? comparison.items : comparison.items.slice(0, Math.max(FIRST_ROWS, first + 1));
  if (comparison.items.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">Neither run did any work.</p>;
  return (
    <div className="flex flex-col gap-2">
      <table className="w-full border-collapse text-sm" data-testid="comparison-table">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
            <th scope="col" className="py-1 pr-2 font-medium">
              Work
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Run A
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Run B
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              B − A
            </th>
            <th scope="col" className="py-1 font-medium">
              Differences
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((item, index) => {
            const isFirst = index === first;
            const differs = item.differences.length > 0;
            return (
              <tr
                key={item.key}
                id={`item-${index}`}
                data-key={item.key}
                data-first-divergence={isFirst || undefined}
                data-differs={differs || undefined}
                className={`border-b border-slate-100 align-top dark:border-slate-800/60 ${
                  isFirst
                    ? "bg-amber-50 outline outline-2 -outline-offset-2 outline-amber-500 dark:bg-amber-950/40"
                    : differs
                      ? "bg-slate-50/70 dark:bg-slate-900/40"
                      : ""
                }`}
              >
                <td className="py-1.5 pr-2">
                  <span className="text-xs text-slate-500 dark:text-slate-400">{item.kind} </span>
                  <span className="break-all font-mono text-xs">{item.id}</span>
                  {item.attempt > 1 ? (
                    <span className="text-xs text-slate-500 dark:text-slate-400">
                      {" "}
                      #{item.attempt}
                    </span>
                  ) : null}
                  {isFirst ? (
                    <span className="ml-2 rounded bg-amber-500 px-1 text-[10px] font-semibold uppercase text-white">
                      first divergence
                    </span>
                  ) : null}
                </td>
                <td className="py-1.5 pr-2">
                  <Side item={item.a} close={closeA} />
                </td>
                <td className="py-1.5 pr-2">
                  <Side item={item.b} close={closeB} />
                </td>
                <td className="py-1.5 pr-2">
                  <Delta ms={item.timing.durationDeltaMs} />
                </td>
                <td className="py-1.5">
                  {differs ? (
                    <details open={isFirst}>
                      <summary className="cursor-pointer text-xs">
                        {item.differences.join(", ")}
                      </summary>
                      <Diffs item={item} />
                    </details>
                  ) : (
                    <span className="text-xs text-slate-500 dark:text-slate-400">same</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length < comparison.items.length ? (
        <Button type="button" onClick={() => setAll(true)}>
          Show all {comparison.items.length.toLocaleString("en-US")} items
        </Button>
      ) : null}
    </div>
  );
}
