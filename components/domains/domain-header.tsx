"use client";

import { Badge } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { FaultAlert } from "@/components/ui/alert";
import { homeHref } from "@/components/links";
import { useDomain } from "./queries";

/** The domain's name, status, description and retention above its tabs. */
export function DomainHeader({ domain }: { domain: string }) {
  const detail = useDomain(domain);
  const info = detail.data?.domainInfo;
  const retention = detail.data?.configuration?.workflowExecutionRetentionPeriodInDays;
  return (
    <div className="flex flex-col gap-1">
      <Breadcrumb items={[{ label: "Domains", href: homeHref() }, { label: domain }]} />
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-lg font-semibold break-all">{domain}</h1>
        {info?.status ? (
          <Badge tone={info.status === "DEPRECATED" ? "warn" : "good"}>
            {info.status === "DEPRECATED" ? "Deprecated" : "Registered"}
          </Badge>
        ) : null}
        {retention !== undefined ? (
          <span className="text-xs text-slate-600 dark:text-slate-400">
            Retention: {retention === "NONE" || retention === "0" ? "none" : `${retention} days`}
          </span>
        ) : null}
        {info?.description ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">{info.description}</p>
        ) : null}
      </div>
      {detail.isError ? (
        <FaultAlert error={detail.error} title="Could not describe the domain" />
      ) : null}
    </div>
  );
}
