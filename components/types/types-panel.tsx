"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import {
  parseRegistration,
  registrationParams,
  type RegistrationView,
} from "@/components/domains/domain-tabs";
import { executionsListHref } from "@/components/executions-list/url-state";
import { Badge } from "@/components/ui/badge";
import { Segmented } from "@/components/ui/segmented";
import { Loading } from "@/components/ui/states";
import { FaultAlert } from "@/components/ui/alert";
import { Table, TableMessage, TBody, Td, THead, Tr } from "@/components/ui/table";
import { formatSwfDuration } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import { useUrlParams } from "@/components/ui/use-url-params";
import { MAX_TYPES, useTypes, type TypeKind, type TypeRow } from "./queries";

/** The `types` search param: registered (default) or deprecated types, shared by both type tabs. */
const STATUS_PARAM = "types";

/** A domain's workflow or activity types, registered or deprecated, with their defaults. */
export function TypesPanel({ domain, kind }: { domain: string; kind: TypeKind }) {
  const { searchParams, setParams } = useUrlParams();
  const status = parseRegistration(searchParams.get(STATUS_PARAM));
  const types = useTypes(domain, kind, status);
  const noun = kind === "workflow" ? "workflow types" : "activity types";
  const columns = kind === "workflow" ? WORKFLOW_COLUMNS : ACTIVITY_COLUMNS;
  return (
    <section
      aria-label={kind === "workflow" ? "Workflow types" : "Activity types"}
      className="flex flex-col gap-2"
    >
      <div className="flex items-center gap-3">
        <Segmented<RegistrationView>
          label="Registration status"
          name={`${kind}-type-status`}
          value={status}
          options={[
            { value: "REGISTERED", label: "Registered" },
            { value: "DEPRECATED", label: "Deprecated" },
          ]}
          onChange={(v) => setParams((now) => registrationParams(v, now.toString(), STATUS_PARAM))}
        />
        {types.data ? (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="type-count">
            {types.data.rows.length}
            {types.data.truncated ? "+" : ""}{" "}
            {status === "REGISTERED" ? "registered" : "deprecated"} {noun}
            {types.data.truncated ? ` (showing the first ${MAX_TYPES})` : ""}
          </p>
        ) : null}
      </div>
      {types.isError ? <FaultAlert error={types.error} title={`Could not list ${noun}`} /> : null}
      <Table label={`${status === "REGISTERED" ? "Registered" : "Deprecated"} ${noun}`}>
        <THead columns={columns.map((c) => ({ label: c.label, className: c.headClassName }))} />
        <TBody>
          {types.isPending ? (
            <TableMessage colSpan={columns.length}>
              <Loading>Loading {noun}…</Loading>
            </TableMessage>
          ) : types.data?.rows.length === 0 ? (
            <TableMessage colSpan={columns.length}>
              No {status === "REGISTERED" ? "registered" : "deprecated"} {noun}.
            </TableMessage>
          ) : (
            types.data?.rows.map((row) => (
              <Tr key={`${row.name}\u0000${row.version}`} testId="type-row">
                {columns.map((c) => (
                  <Td key={c.label} className={c.className}>
                    {c.cell(row, domain)}
                  </Td>
                ))}
              </Tr>
            ))
          )}
        </TBody>
      </Table>
    </section>
  );
}

interface Column {
  label: string;
  /** Classes of the body cells. */
  className?: string;
  /** Classes of the header cell (alignment). */
  headClassName?: string;
  cell: (row: TypeRow, domain: string) => ReactNode;
}

const dash = <span className="text-slate-400">—</span>;
const text = (v: string | undefined) => (v ? v : dash);
const duration = (v: string | undefined) =>
  v ? <span className="tabular-nums">{formatSwfDuration(v)}</span> : dash;

const COMMON_HEAD: Column[] = [
  { label: "Name", className: "font-medium", cell: (r) => r.name },
  { label: "Version", cell: (r) => r.version },
  {
    label: "Status",
    cell: (r) => (
      <Badge tone={r.status === "DEPRECATED" ? "warn" : "good"}>
        {r.status === "DEPRECATED" ? "Deprecated" : "Registered"}
      </Badge>
    ),
  },
  {
    label: "Description",
    className: "max-w-xs text-slate-700 dark:text-slate-300",
    cell: (r) => (r.description ? <span className="line-clamp-2">{r.description}</span> : dash),
  },
  {
    label: "Default task list",
    className: "font-mono text-xs",
    cell: (r) => text(r.configuration?.defaultTaskList?.name),
  },
];

const COMMON_TAIL: Column[] = [
  {
    label: "Priority",
    className: "text-right tabular-nums",
    headClassName: "text-right",
    cell: (r) => text(r.configuration?.defaultTaskPriority),
  },
  {
    label: "Registered",
    className: "text-xs whitespace-nowrap",
    cell: (r) => (
      <>
        <Time value={r.creationDate} />
        {r.deprecationDate ? (
          <span className="block text-amber-700 dark:text-amber-300">
            deprecated <Time value={r.deprecationDate} />
          </span>
        ) : null}
      </>
    ),
  },
];

const WORKFLOW_COLUMNS: Column[] = [
  ...COMMON_HEAD,
  {
    label: "Execution timeout",
    cell: (r) => duration(r.configuration?.defaultExecutionStartToCloseTimeout),
  },
  {
    label: "Decision task timeout",
    cell: (r) => duration(r.configuration?.defaultTaskStartToCloseTimeout),
  },
  {
    label: "Child policy",
    className: "text-xs",
    cell: (r) => text(r.configuration?.defaultChildPolicy),
  },
  {
    label: "Lambda role",
    className: "max-w-40 truncate text-xs",
    cell: (r) => text(r.configuration?.defaultLambdaRole),
  },
  ...COMMON_TAIL,
  {
    label: "Executions",
    cell: (r, domain) => (
      <Link
        className="text-xs whitespace-nowrap text-sky-800 hover:underline dark:text-sky-300"
        href={executionsListHref(domain, {
          filter: { kind: "type", name: r.name, version: r.version },
        })}
        aria-label={`Open executions of ${r.name} version ${r.version}`}
      >
        open →
      </Link>
    ),
  },
];

const ACTIVITY_COLUMNS: Column[] = [
  ...COMMON_HEAD,
  {
    label: "Schedule→close",
    cell: (r) => duration(r.configuration?.defaultTaskScheduleToCloseTimeout),
  },
  {
    label: "Schedule→start",
    cell: (r) => duration(r.configuration?.defaultTaskScheduleToStartTimeout),
  },
  { label: "Start→close", cell: (r) => duration(r.configuration?.defaultTaskStartToCloseTimeout) },
  { label: "Heartbeat", cell: (r) => duration(r.configuration?.defaultTaskHeartbeatTimeout) },
  ...COMMON_TAIL,
];
