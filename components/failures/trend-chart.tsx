"use client";

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis } from "recharts";
import { formatDateTime } from "@/components/ui/format";

/** A small bar chart of a group's runs per bucket over the window. */
export function TrendChart({
  trend,
  latest,
  bucketMs,
  label,
}: {
  trend: number[];
  latest: number;
  bucketMs: number;
  label: string;
}) {
  const data = trend.map((count, i) => ({
    at: latest - (trend.length - 1 - i) * bucketMs,
    count,
  }));
  return (
    <figure aria-label={label} className="h-12 w-40 shrink-0" data-testid="failure-trend">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
          <XAxis dataKey="at" hide />
          <Tooltip
            cursor={{ fill: "rgba(148,163,184,0.2)" }}
            labelFormatter={(at) => `until ${formatDateTime(Number(at))}`}
            formatter={(v) => [String(v), "runs"]}
          />
          <Bar dataKey="count" fill="#dc2626" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
