"use client";

import type { ActivityTypeInfo, DomainInfo, WorkflowTypeInfo } from "@aws-sdk/client-swf";
import { keys } from "@/components/api/keys";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DeprecationButton } from "@/components/actions/registration-actions";
import { RegisterDomainForm } from "@/components/forms/register-domain-form";
import { RegisterTypeForm } from "@/components/forms/register-type-form";
import { callSwf } from "@/components/api/client";
import { FaultAlert } from "@/components/ui/alert";
import { formInputClass } from "@/components/ui/field";

const STATUSES = ["REGISTERED", "DEPRECATED"] as const;

function useDomains() {
  return useQuery({
    queryKey: keys.domains.list("all-statuses"),
    queryFn: async () => {
      const all: DomainInfo[] = [];
      for (const registrationStatus of STATUSES) {
        const out = await callSwf<{ domainInfos: DomainInfo[] }>("ListDomains", {
          registrationStatus,
          maximumPageSize: 1000,
        });
        all.push(...out.domainInfos);
      }
      return all.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
    },
  });
}

function useTypes(domain: string) {
  return useQuery({
    queryKey: keys.types.registration(domain),
    enabled: Boolean(domain),
    queryFn: async () => {
      const workflow: WorkflowTypeInfo[] = [];
      const activity: ActivityTypeInfo[] = [];
      for (const registrationStatus of STATUSES) {
        const w = await callSwf<{ typeInfos: WorkflowTypeInfo[] }>("ListWorkflowTypes", {
          domain,
          registrationStatus,
          maximumPageSize: 1000,
        });
        const a = await callSwf<{ typeInfos: ActivityTypeInfo[] }>("ListActivityTypes", {
          domain,
          registrationStatus,
          maximumPageSize: 1000,
        });
        workflow.push(...w.typeInfos);
        activity.push(...a.typeInfos);
      }
      return { workflow, activity };
    },
  });
}

/** Domains and types with their status; register, deprecate and undeprecate (admin). */
export function RegistrationAdmin() {
  const domains = useDomains();
  const [domain, setDomain] = useState("");
  const types = useTypes(domain);
  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <section className="grid content-start gap-3">
        <h2 className="text-base font-semibold">Domains</h2>
        <FaultAlert error={domains.error} />
        <ul
          className="divide-y divide-slate-200 text-sm dark:divide-slate-800"
          data-testid="registration-domains"
        >
          {(domains.data ?? []).map((d) => (
            <li
              key={d.name}
              className="flex items-center gap-2 py-1"
              data-testid="registration-domain"
              data-name={d.name}
            >
              <span className="font-mono">{d.name}</span>
              <span
                className={`text-xs ${d.status === "DEPRECATED" ? "text-amber-700" : "text-slate-500"}`}
                data-testid="registration-status"
              >
                {d.status}
              </span>
              <span className="ml-auto">
                <DeprecationButton target={{ kind: "domain", name: d.name! }} status={d.status!} />
              </span>
            </li>
          ))}
        </ul>
        <h3 className="mt-4 font-medium">Register a domain</h3>
        <RegisterDomainForm onRegistered={setDomain} />
      </section>

      <section className="grid content-start gap-3">
        <h2 className="text-base font-semibold">Types</h2>
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Domain</span>
          <select
            className={formInputClass}
            value={domain}
            onChange={(e) => setDomain(e.target.value)}
            data-testid="registration-domain-picker"
          >
            <option value="">Choose a domain</option>
            {(domains.data ?? []).map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
                {d.status === "DEPRECATED" ? " (deprecated)" : ""}
              </option>
            ))}
          </select>
        </label>
        {domain ? (
          <>
            <FaultAlert error={types.error} />
            <TypeList
              title="Workflow types"
              testId="registration-workflow-types"
              items={(types.data?.workflow ?? []).map((t) => ({
                name: t.workflowType!.name!,
                version: t.workflowType!.version!,
                status: t.status!,
              }))}
              kind="workflowType"
              domain={domain}
            />
            <TypeList
              title="Activity types"
              testId="registration-activity-types"
              items={(types.data?.activity ?? []).map((t) => ({
                name: t.activityType!.name!,
                version: t.activityType!.version!,
                status: t.status!,
              }))}
              kind="activityType"
              domain={domain}
            />
            <h3 className="mt-4 font-medium">Register a workflow type</h3>
            <RegisterTypeForm key={`w-${domain}`} domain={domain} kind="workflow" />
            <h3 className="mt-4 font-medium">Register an activity type</h3>
            <RegisterTypeForm key={`a-${domain}`} domain={domain} kind="activity" />
          </>
        ) : null}
      </section>
    </div>
  );
}

function TypeList({
  title,
  items,
  kind,
  domain,
  testId,
}: {
  title: string;
  items: { name: string; version: string; status: string }[];
  kind: "workflowType" | "activityType";
  domain: string;
  testId: string;
}) {
  return (
    <div>
      <h3 className="font-medium">{title}</h3>
      {items.length === 0 ? <p className="text-sm text-slate-500">None.</p> : null}
      <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid={testId}>
        {items.map((t) => (
          <li
            key={`${t.name}@${t.version}`}
            className="flex items-center gap-2 py-1"
            data-testid="registration-type"
            data-name={`${t.name}@${t.version}`}
          >
            <span className="font-mono">
              {t.name} {t.version}
            </span>
            <span
              className={`text-xs ${t.status === "DEPRECATED" ? "text-amber-700" : "text-slate-500"}`}
              data-testid="registration-status"
            >
              {t.status}
            </span>
            <span className="ml-auto">
              <DeprecationButton
                target={{ kind, domain, name: t.name, version: t.version }}
                status={t.status}
              />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
