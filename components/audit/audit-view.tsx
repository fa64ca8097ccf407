"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { keys } from "@/components/api/keys";
import Link from "next/link";
import { useMemo, useState } from "react";
import { consoleFetch } from "@/components/api/client";
import { executionHref } from "@/components/links";
import type { AuditEntry } from "@/lib/console/audit";
import { FaultAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formInputClass } from "@/components/ui/field";
import { Time } from "@/components/ui/time";

interface AuditPage {
  entries: AuditEntry[];
  nextBefore: number | null;
  facets: { users: string[]; actions: string[] };
}

interface Filters {
  user: string;
  action: string;
  outcome: string;
  from: string;
  to: string;
  target: string;
}

const EMPTY: Filters = { user: "", action: "", outcome: "", from: "", to: "", target: "" };

/** `datetime-local` value (local time) → epoch ms. */
const localMs = (v: string) => (v ? String(new Date(v).getTime()) : "");

function query(f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (f.user) q.set("user", f.user);
  if (f.action) q.set("action", f.action);
  if (f.outcome) q.set("outcome", f.outcome);
  if (f.from) q.set("from", localMs(f.from));
  if (f.to) q.set("to", localMs(f.to));
  if (f.target) q.set("target", f.target);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

const OUTCOME_STYLE: Record<string, string> = {
  ok: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  fault: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  denied: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
};

/** The audit log with filters (user, action, outcome, time range, target), paging and CSV/JSON download. */
export function AuditView() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const qs = query(filters);
  const pages = useInfiniteQuery({
    queryKey: keys.audit(qs),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) =>
      consoleFetch<AuditPage>(
        `/api/audit?${query(filters, pageParam ? { before: String(pageParam) } : {})}`,
      ),
    getNextPageParam: (last) => last.nextBefore,
  });
  const entries = useMemo(() => pages.data?.pages.flatMap((p) => p.entries) ?? [], [pages.data]);
  const facets = pages.data?.pages[0]?.facets ?? { users: [], actions: [] };
  const set = (k: keyof Filters, v: string) => setDraft((d) => ({ ...d, [k]: v }));

  return (
    <div className="grid gap-4">
      <form
        className="grid items-end gap-3 sm:grid-cols-3 lg:grid-cols-7"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
        data-testid="audit-filters"
      >
        <FilterSelect
          label="User"
          anyLabel="Anyone"
          options={facets.users}
          value={draft.user}
          onChange={(v) => set("user", v)}
          testId="audit-user"
        />
        <FilterSelect
          label="Action"
          anyLabel="Any"
          options={facets.actions}
          value={draft.action}
          onChange={(v) => set("action", v)}
          testId="audit-action"
        />
        <FilterSelect
          label="Outcome"
          anyLabel="Any"
          options={OUTCOMES}
          value={draft.outcome}
          onChange={(v) => set("outcome", v)}
          testId="audit-outcome"
        />
        <FilterInput
          label="From"
          type="datetime-local"
          value={draft.from}
          onChange={(v) => set("from", v)}
          testId="audit-from"
        />
        <FilterInput
          label="To"
          type="datetime-local"
          value={draft.to}
          onChange={(v) => set("to", v)}
          testId="audit-to"
        />
        <FilterInput
          label="Target contains"
          value={draft.target}
          onChange={(v) => set("target", v)}
          testId="audit-target"
        />
        <div className="flex gap-2">
          <Button type="submit" variant="primary" data-testid="audit-apply">
            Apply
          </Button>
          <Button onClick={() => (setDraft(EMPTY), setFilters(EMPTY))}>Reset</Button>
        </div>
      </form>

      <p className="flex gap-4 text-sm">
        <span>Download the matching entries:</span>
        <a
          className="underline"
          href={`/api/audit?${query(filters, { format: "csv" })}`}
          download
          data-testid="audit-download-csv"
        >
          CSV
        </a>
        <a
          className="underline"
          href={`/api/audit?${query(filters, { format: "json" })}`}
          download
          data-testid="audit-download-json"
        >
          JSON
        </a>
      </p>

      <FaultAlert error={pages.error} />
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="audit-table">
          <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
            <tr>
              <th className="py-1 pr-3">Time</th>
              <th className="py-1 pr-3">User</th>
              <th className="py-1 pr-3">Action</th>
              <th className="py-1 pr-3">Target</th>
              <th className="py-1 pr-3">Outcome</th>
              <th className="py-1 pr-3">Details</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {entries.map((e) => (
              <tr
                key={e.id}
                className="align-top"
                data-testid="audit-row"
                data-action={e.action}
                data-outcome={e.outcome}
              >
                <td className="whitespace-nowrap py-1 pr-3 font-mono text-xs">
                  <Time value={e.at} />
                </td>
                <td className="py-1 pr-3">
                  {e.username}
                  {e.role ? <span className="ml-1 text-xs text-slate-500">({e.role})</span> : null}
                </td>
                <td className="py-1 pr-3 font-mono text-xs">{e.action}</td>
                <td className="py-1 pr-3 break-all">
                  {e.domain && e.workflowId && e.runId ? (
                    <Link
                      className="text-sky-700 underline dark:text-sky-400"
                      href={executionHref(e.domain, e.workflowId, e.runId)}
                    >
                      {e.target}
                    </Link>
                  ) : (
                    e.target
                  )}
                  {e.bulkId ? (
                    <span className="ml-1 text-xs text-slate-500">(bulk {e.bulkId})</span>
                  ) : null}
                </td>
                <td className="py-1 pr-3">
                  <span
                    className={`rounded px-1.5 py-0.5 text-xs ${OUTCOME_STYLE[e.outcome] ?? ""}`}
                  >
                    {e.outcome}
                  </span>
                </td>
                <td className="py-1 pr-3">
                  {e.fault ? (
                    <p
                      className="break-words text-red-800 dark:text-red-300"
                      data-testid="audit-fault"
                    >
                      <span className="font-mono">{e.fault}</span>
                      {e.message ? `: ${e.message}` : ""}
                    </p>
                  ) : null}
                  {e.parameters !== null || e.result !== null ? (
                    <details>
                      <summary className="cursor-pointer text-xs text-slate-500">
                        parameters{e.result !== null ? " and result" : ""}
                      </summary>
                      <pre
                        className="max-h-64 max-w-xl overflow-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-2 text-xs dark:bg-slate-800"
                        data-testid="audit-parameters"
                      >
                        {JSON.stringify(e.parameters, null, 2)}
                        {e.result !== null ? `\n→ ${JSON.stringify(e.result, null, 2)}` : ""}
                      </pre>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages.isPending ? <p className="text-slate-500">Loading…</p> : null}
      {!pages.isPending && entries.length === 0 ? (
        <p className="text-slate-500">No entries match.</p>
      ) : null}
      {pages.hasNextPage ? (
        <div>
          <Button onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

const OUTCOMES = ["ok", "fault", "denied"];

interface FilterProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}

/** One filter chosen from a list; the empty choice (`anyLabel`) means no filter. */
function FilterSelect({
  label,
  anyLabel,
  options,
  value,
  onChange,
  testId,
}: FilterProps & { anyLabel: string; options: readonly string[] }) {
  return (
    <label className="grid gap-1 text-sm">
      <span>{label}</span>
      <select
        className={formInputClass}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}

/** One typed-in filter; `datetime-local` ones are to the second. */
function FilterInput({
  label,
  type,
  value,
  onChange,
  testId,
}: FilterProps & { type?: "datetime-local" }) {
  return (
    <label className="grid gap-1 text-sm">
      <span>{label}</span>
      <input
        type={type}
        step={type === "datetime-local" ? "1" : undefined}
        className={formInputClass}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}
