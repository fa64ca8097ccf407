"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { keys } from "@/components/api/keys";
import { useMemo, useState } from "react";
import { useUrlParams } from "@/components/ui/use-url-params";
import { consoleFetch } from "@/components/api/client";
import type { AuditEntry } from "@/lib/console/audit";
import { FaultAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formInputClass } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { Select } from "@/components/ui/select";
import { ExecutionLink } from "@/components/history/run-link";
import { Table, TBody, THead } from "@/components/ui/table";
import { escapeBidiControls } from "@/components/ui/bidi";

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

type Facets = AuditPage["facets"];

/** The filter bar, one entry a filter: a choice from a list (`any` = no filter) or typed in. */
const FILTERS: {
  key: keyof Filters;
  label: string;
  any?: string;
  options?: (facets: Facets) => readonly string[];
  type?: "datetime-local";
}[] = [
  { key: "user", label: "User", any: "Anyone", options: (f) => f.users },
  { key: "action", label: "Action", any: "Any", options: (f) => f.actions },
  { key: "outcome", label: "Outcome", any: "Any", options: () => ["ok", "fault", "denied"] },
  { key: "from", label: "From", type: "datetime-local" },
  { key: "to", label: "To", type: "datetime-local" },
  { key: "target", label: "Target contains" },
];

function query(f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const { key, type } of FILTERS) {
    if (f[key]) q.set(key, type === "datetime-local" ? localMs(f[key]) : f[key]);
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

const OUTCOME_STYLE: Record<string, string> = {
  ok: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  fault: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  denied: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
};

/** The applied filters, as the URL holds them (times as typed, in local time). */
function filtersOf(params: Pick<URLSearchParams, "get">): Filters {
  const out = { ...EMPTY };
  for (const { key } of FILTERS) out[key] = params.get(key) ?? "";
  return out;
}

function paramsOf(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  for (const { key } of FILTERS) if (f[key]) q.set(key, f[key]);
  return q;
}

/**
 * The audit log with filters (user, action, outcome, time range, target), paging and CSV/JSON
 * download. The applied filters live in the URL: a filtered log can be shared, and coming back
 * from a run it links to (Back) finds it still filtered.
 */
export function AuditView() {
  const { searchParams, setParams } = useUrlParams();
  const urlKey = searchParams.toString();
  const filters = useMemo(() => filtersOf(new URLSearchParams(urlKey)), [urlKey]);
  const [draft, setDraft] = useState<Filters>(filters);
  // Back and Forward change the applied filters: the form shows them again.
  const [shown, setShown] = useState(urlKey);
  if (shown !== urlKey) {
    setShown(urlKey);
    setDraft(filters);
  }
  const setFilters = (f: Filters) => setParams(paramsOf(f));
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
        {FILTERS.map((filter) => (
          <label key={filter.key} className="grid gap-1 text-sm">
            <span>{filter.label}</span>
            <FilterControl
              filter={filter}
              options={filter.options?.(facets)}
              value={draft[filter.key]}
              onChange={(v) => set(filter.key, v)}
            />
          </label>
        ))}
        <div className="flex gap-2">
          <Button type="submit" variant="primary" data-testid="audit-apply">
            Apply
          </Button>
          <Button onClick={() => (setDraft(EMPTY), setFilters(EMPTY))}>Reset</Button>
        </div>
      </form>

      <p className="flex gap-4 text-sm">
        <span>Download the matching entries:</span>
        {(["csv", "json"] as const).map((format) => (
          <a
            key={format}
            className="underline"
            href={`/api/audit?${query(filters, { format })}`}
            download
            data-testid={`audit-download-${format}`}
          >
            {format.toUpperCase()}
          </a>
        ))}
      </p>

      <FaultAlert error={pages.error} />
      <Table label="Audit log" testId="audit-table">
        <THead columns={["Time", "User", "Action", "Target", "Outcome", "Details"]} />
        <TBody>
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
              {/* Run ids break anywhere: without a floor the table gave this column the width
                  of one character, a run id became a column of letters. */}
              <td className="min-w-48 py-1 pr-3 break-all">
                {e.domain && e.workflowId && e.runId ? (
                  <ExecutionLink
                    className="text-sky-700 underline dark:text-sky-400"
                    domain={e.domain}
                    run={{ workflowId: e.workflowId, runId: e.runId }}
                  >
                    {e.target}
                  </ExecutionLink>
                ) : (
                  e.target
                )}
                {e.bulkId ? (
                  <span className="ml-1 text-xs text-slate-500">(bulk {e.bulkId})</span>
                ) : null}
              </td>
              <td className="py-1 pr-3">
                <span className={`rounded px-1.5 py-0.5 text-xs ${OUTCOME_STYLE[e.outcome] ?? ""}`}>
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
                      {escapeBidiControls(JSON.stringify(e.parameters, null, 2))}
                      {e.result !== null
                        ? `\n→ ${escapeBidiControls(JSON.stringify(e.result, null, 2))}`
                        : ""}
                    </pre>
                  </details>
                ) : null}
              </td>
            </tr>
          ))}
        </TBody>
      </Table>
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

/** One filter's control: a list of choices after "any", or a text or date-time input. */
function FilterControl({
  filter: { key, any, type },
  options,
  value,
  onChange,
}: {
  filter: (typeof FILTERS)[number];
  options?: readonly string[];
  value: string;
  onChange: (value: string) => void;
}) {
  const common = {
    className: formInputClass,
    value,
    "data-testid": `audit-${key}`,
  };
  return options ? (
    <Select {...common} onChange={(e) => onChange(e.target.value)} empty={any} options={options} />
  ) : (
    <input
      {...common}
      type={type}
      // datetime-local to the second
      step={type ? "1" : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
