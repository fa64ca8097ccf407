"use client";

import type { DomainInfo } from "@aws-sdk/client-swf";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatCount } from "@/components/ui/count";
import { Segmented } from "@/components/ui/segmented";
import { Loading } from "@/components/ui/states";
import { FaultAlert } from "@/components/ui/alert";
import { Table, TableMessage, TBody, Td, THead, Tr } from "@/components/ui/table";
import { useUrlParams } from "@/components/ui/use-url-params";
import { domainHref } from "@/components/links";
import { parseRegistration, registrationParams, type RegistrationView } from "./domain-tabs";
import { useDomain, useDomains, useOpenCount } from "./queries";

/** Registered (or deprecated) domains with description, retention and open-execution count. */
export function DomainList() {
  const { searchParams, setParams } = useUrlParams();
  const status = parseRegistration(searchParams.get("status"));
  const domains = useDomains(status);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-3">
        <Segmented<RegistrationView>
          label="Registration status"
          name="domain-status"
          value={status}
          options={[
            { value: "REGISTERED", label: "Registered" },
            { value: "DEPRECATED", label: "Deprecated" },
          ]}
          onChange={(v) => setParams((now) => registrationParams(v, now.toString()))}
        />
        {domains.data ? (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="domain-count">
            {domains.data.length} {status === "REGISTERED" ? "registered" : "deprecated"}{" "}
            {domains.data.length === 1 ? "domain" : "domains"}
          </p>
        ) : null}
      </div>
      {domains.isError ? <FaultAlert error={domains.error} title="Could not list domains" /> : null}
      <Table label={status === "REGISTERED" ? "Registered domains" : "Deprecated domains"}>
        <THead
          columns={["Domain", "Status", "Description"]}
          numeric={["Retention", "Open executions"]}
        />
        <TBody>
          {domains.isPending ? (
            <TableMessage colSpan={5}>
              <Loading>Loading domains…</Loading>
            </TableMessage>
          ) : domains.data?.length === 0 ? (
            <TableMessage colSpan={5}>
              {status === "REGISTERED" ? "No registered domains." : "No deprecated domains."}
            </TableMessage>
          ) : (
            domains.data?.map((d) => <DomainRow key={d.name} info={d} />)
          )}
        </TBody>
      </Table>
    </div>
  );
}

function DomainRow({ info }: { info: DomainInfo }) {
  const name = info.name ?? "";
  const detail = useDomain(name);
  const open = useOpenCount(name);
  const retention = detail.data?.configuration?.workflowExecutionRetentionPeriodInDays;
  const description = info.description ?? detail.data?.domainInfo?.description;
  return (
    <Tr testId="domain-row">
      <Td className="font-medium">
        <Link href={domainHref(name)} className="text-sky-800 hover:underline dark:text-sky-300">
          {name}
        </Link>
      </Td>
      <Td>
        <Badge tone={info.status === "DEPRECATED" ? "warn" : "good"}>
          {info.status === "DEPRECATED" ? "Deprecated" : "Registered"}
        </Badge>
      </Td>
      <Td className="max-w-md text-slate-700 dark:text-slate-300">
        {description ? (
          <span className="line-clamp-2">{description}</span>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </Td>
      <Td className="text-right tabular-nums" data-testid="retention">
        {retention === undefined
          ? "…"
          : retention === "NONE" || retention === "0"
            ? "none"
            : `${retention} days`}
      </Td>
      <Td className="text-right tabular-nums" data-testid="open-count">
        {open.isError ? "—" : open.data ? formatCount(open.data) : "…"}
      </Td>
    </Tr>
  );
}
