"use client";

import { keys } from "@/components/api/keys";
import type { CloseStatus } from "@aws-sdk/client-swf";
import { useQuery } from "@tanstack/react-query";
import type { CSSProperties, ReactElement } from "react";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DashboardReport } from "@/lib/console/dashboard";
import { consoleFetch } from "@/components/api/client";
import { Segmented } from "@/components/ui/segmented";
import { ErrorMessage, Loading, Empty } from "@/components/ui/states";
import { Table, TBody, Td, THead, Tr } from "@/components/ui/table";
import { formatDuration, formatDateTime, type TimeZoneChoice } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import { useTimeSettings } from "@/components/ui/use-time-settings";
import { useUrlParams } from "@/components/ui/use-url-params";
import { dashboardNotes } from "./notes";

type Window = "1h" | "24h" | "7d";
const WINDOWS: { value: Window; label: string }[] = [
  { value: "1h", label: "1 h" },
  { value: "24h", label: "24 h" },
  { value: "7d", label: "7 d" },
];

/** Chart colours of the close statuses (the console's status hues). */
const STATUS_COLOURS: Record<CloseStatus, { label: string; colour: string }> = {
  COMPLETED: { label: "Completed", colour: "#059669" },
  FAILED: { label: "Failed", colour: "#dc2626" },
  TIMED_OUT: { label: "Timed out", colour: "#ea580c" },
  CANCELED: { label: "Canceled", colour: "#64748b" },
  TERMINATED: { label: "Terminated", colour: "#c026d3" },
  CONTINUED_AS_NEW: { label: "Continued as new", colour: "#0284c7" },
};

const tick = (report: DashboardReport, zone: TimeZoneChoice) => (at: number) =>
  report.window === "7d"
    ? formatDateTime(at, { zone }).slice(5, 13) + "h"
    : formatDateTime(at, { zone }).slice(11, 16);

/** A domain's throughput, open executions, task-list backlog and slowest activity types. */
export function DashboardView({ domain }: { domain: string }) {
  const { searchParams, setParams } = useUrlParams();
  const w = searchParams.get("window");
  const window: Window = w === "1h" || w === "7d" ? w : "24h";
  const report = useQuery({
    queryKey: keys.dashboard(domain, window),
    queryFn: ({ signal }) =>
      consoleFetch<DashboardReport>(`/api/dashboard?${new URLSearchParams({ domain, window })}`, {
        signal,
      }),
    refetchInterval: 30_000,
  });
  return (
    <div className="flex flex-col gap-4" data-testid="dashboard-view">
      <Segmented
        label="Window"
        options={WINDOWS}
        value={window}
        onChange={(v) => setParams(new URLSearchParams(v === "24h" ? {} : { window: v }))}
      />
      {report.isPending ? <Loading>Reading the domain…</Loading> : null}
      {report.error ? (
        <ErrorMessage error={report.error} title="Could not read the domain" />
      ) : null}
      {report.data ? <Panels report={report.data} /> : null}
    </div>
  );
}

function Panel({
  title,
  children,
  note,
}: {
  title: string;
  children: React.ReactNode;
  note?: string;
}) {
  return (
    <section
      aria-label={title}
      className="flex flex-col gap-2 rounded border border-slate-200 p-3 dark:border-slate-800"
    >
      <h2 className="text-sm font-semibold">{title}</h2>
      {children}
      {note ? <p className="text-xs text-slate-500">{note}</p> : null}
    </section>
  );
}

function Panels({ report }: { report: DashboardReport }) {
  const { zone } = useTimeSettings();
  const fmt = tick(report, zone);
  const data = report.buckets.map((b) => ({
    at: b.at,
    started: b.started,
    open: b.open,
    ...b.closed,
  }));
  const minutes = Math.round(report.bucketMs / 60_000);
  const per = minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`;
  const slowest = report.activities.slice(0, 8);
  // "14:05" within the hour; with the day ("12-07 14:05") over longer windows.
  const notes = dashboardNotes(report, (at) =>
    formatDateTime(at, { zone }).slice(report.window === "1h" ? 11 : 5, 16),
  );
  // The buckets a capped list leaves incomplete, shaded on both charts with what they come from.
  const partial = report.buckets.filter((b) => b.partial);
  const partialArea =
    notes.partialLabel && partial.length > 0 ? (
      <ReferenceArea
        x1={partial[0].at}
        x2={partial.at(-1)!.at}
        fill="#94a3b8"
        fillOpacity={0.15}
        ifOverflow="extendDomain"
        label={{ value: notes.partialLabel, position: "insideTop", fontSize: 11, fill: "#64748b" }}
      />
    ) : null;
  return (
    // grid-cols-1 (minmax(0, 1fr)), not an implicit column: one wide table must not widen a phone's page.
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <Panel title={`Started and closed per ${per}`} note={notes.throughput}>
        <ChartBox className="h-64" testId="chart-throughput">
          <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
            <XAxis dataKey="at" tickFormatter={fmt} fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip labelFormatter={(at) => formatDateTime(Number(at))} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {partialArea}
            {(Object.keys(STATUS_COLOURS) as CloseStatus[]).map((s) => (
              <Bar
                key={s}
                dataKey={s}
                name={STATUS_COLOURS[s].label}
                stackId="closed"
                fill={STATUS_COLOURS[s].colour}
                isAnimationActive={false}
              />
            ))}
            <Line
              dataKey="started"
              name="Started"
              stroke="#0f172a"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ChartBox>
      </Panel>
      <Panel title="Open executions" note={notes.open}>
        <ChartBox className="h-64" testId="chart-open">
          <AreaChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
            <XAxis dataKey="at" tickFormatter={fmt} fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip
              labelFormatter={(at) => `until ${formatDateTime(Number(at) + report.bucketMs)}`}
            />
            {partialArea}
            <Area
              dataKey="open"
              name="Open"
              stroke="#0284c7"
              fill="#0284c733"
              type="stepAfter"
              isAnimationActive={false}
            />
          </AreaChart>
        </ChartBox>
      </Panel>
      <Panel
        title="Slowest activity types"
        note={`From ${report.historiesSampled} recent histories (p50 / p95).`}
      >
        {slowest.length === 0 ? (
          <Empty>No activities in the sampled histories.</Empty>
        ) : (
          <>
            {/* One band per type, tall enough for its label: in a fixed height recharts drops
                the labels that would overlap, and every other bar goes unnamed. */}
            <ChartBox
              className="min-h-48"
              style={{ height: 64 + slowest.length * 28 }}
              testId="chart-activities"
            >
              <BarChart
                layout="vertical"
                data={slowest.map((a) => ({
                  name: a.activityType,
                  p95: (a.startToClose?.p95 ?? 0) / 1000,
                  wait: (a.scheduleToStart?.p95 ?? 0) / 1000,
                }))}
                margin={{ top: 0, right: 8, bottom: 0, left: 8 }}
              >
                <XAxis type="number" fontSize={11} unit=" s" />
                <YAxis type="category" dataKey="name" width={140} fontSize={11} interval={0} />
                <Tooltip formatter={(v) => `${Number(v).toFixed(2)} s`} />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                <Bar
                  dataKey="wait"
                  name="p95 waiting (schedule→start)"
                  stackId="a"
                  fill="#f59e0b"
                  isAnimationActive={false}
                />
                <Bar
                  dataKey="p95"
                  name="p95 running (start→close)"
                  stackId="a"
                  fill="#6366f1"
                  isAnimationActive={false}
                />
              </BarChart>
            </ChartBox>
            <Table label="Activity latencies">
              <THead
                columns={[
                  "Activity type",
                  "Runs",
                  "Schedule→start p50 / p95",
                  "Start→close p50 / p95",
                ]}
              />
              <TBody>
                {slowest.map((a) => (
                  <Tr key={a.activityType}>
                    <Td>{a.activityType}</Td>
                    <Td className="tabular-nums">{a.samples}</Td>
                    <Td className="tabular-nums">{percentiles(a.scheduleToStart)}</Td>
                    <Td className="tabular-nums">{percentiles(a.startToClose)}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </>
        )}
      </Panel>
      <Panel
        title="Task lists: backlog and workers"
        note="Task lists seen in the sampled histories; “last picked up” is the newest task a worker started from it."
      >
        {report.taskLists.length === 0 ? (
          <Empty>No task lists in the sampled histories.</Empty>
        ) : (
          <Table label="Task lists">
            <THead columns={["Task list", "Kind", "Backlog", "Last picked up", "By"]} />
            <TBody>
              {report.taskLists.map((t) => (
                <Tr key={`${t.kind}/${t.taskList}`}>
                  <Td className="font-mono text-xs">{t.taskList}</Td>
                  <Td>{t.kind}</Td>
                  <Td className="tabular-nums" data-testid="backlog">
                    {t.truncated ? "≥ " : ""}
                    {t.backlog.toLocaleString("en-US")}
                  </Td>
                  <Td data-testid="last-picked-up">
                    {/* Counts on with the page's clock (the server's time), as every date does. */}
                    {t.lastPickedUpAt ? (
                      <Time value={t.lastPickedUpAt} relative />
                    ) : (
                      "never (no worker seen)"
                    )}
                  </Td>
                  <Td className="max-w-48 truncate text-xs">{t.identity ?? "—"}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Panel>
    </div>
  );
}

/** A chart filling a box of the given height. */
function ChartBox({
  className,
  style,
  testId,
  children,
}: {
  className: string;
  style?: CSSProperties;
  testId: string;
  children: ReactElement;
}) {
  return (
    <div className={className} style={style} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

/** "1.2 s / 4.0 s": the median and the 95th percentile of a latency. */
const percentiles = (q: { p50: number; p95: number } | null | undefined) =>
  q ? `${formatDuration(q.p50)} / ${formatDuration(q.p95)}` : "—";
