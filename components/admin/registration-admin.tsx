"use client";

import type { ActivityTypeInfo, DomainInfo, WorkflowTypeInfo } from "@aws-sdk/client-swf";
import { keys } from "@/components/api/keys";
import { useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { DeprecationButton, type Registered } from "@/components/actions/registration-actions";
import { RegisterDomainForm } from "@/components/forms/register-domain-form";
import { RegisterTypeForm } from "@/components/forms/register-type-form";
import { callSwfAllPages } from "@/components/api/client";
import { FaultAlert } from "@/components/ui/alert";
import { formInputClass } from "@/components/ui/field";
import { Select } from "@/components/ui/select";

const STATUSES = ["REGISTERED", "DEPRECATED"] as const;

function useDomains() {
  return useQuery({
    queryKey: keys.domains.list("all-statuses"),
    queryFn: async () => {
      const all: DomainInfo[] = [];
      for (const registrationStatus of STATUSES) {
        const pages = await callSwfAllPages<{ domainInfos: DomainInfo[]; nextPageToken?: string }>(
          "ListDomains",
          { registrationStatus, maximumPageSize: 1000 },
        );
        for (const page of pages) all.push(...page.domainInfos);
      }
      return all.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
    },
  });
}

interface TypeItem {
  name: string;
  version: string;
  status: string;
}

/** The two kinds of type a domain registers, as this page lists and registers them. */
const TYPE_KINDS = [
  { kind: "workflow", key: "workflowType", list: "ListWorkflowTypes", plural: "Workflow types" },
  { kind: "activity", key: "activityType", list: "ListActivityTypes", plural: "Activity types" },
] as const;
type TypeKind = (typeof TYPE_KINDS)[number];

/** Every type of one kind, registered and deprecated. */
async function listTypes(domain: string, { key, list }: TypeKind): Promise<TypeItem[]> {
  const items: TypeItem[] = [];
  for (const registrationStatus of STATUSES) {
    const pages = await callSwfAllPages<{
      typeInfos: (WorkflowTypeInfo & ActivityTypeInfo)[];
      nextPageToken?: string;
    }>(list, { domain, registrationStatus, maximumPageSize: 1000 });
    for (const t of pages.flatMap((page) => page.typeInfos))
      items.push({ name: t[key]!.name!, version: t[key]!.version!, status: t.status! });
  }
  return items;
}

function useTypes(domain: string) {
  return useQuery({
    queryKey: keys.types.registration(domain),
    enabled: Boolean(domain),
    queryFn: async () => ({
      workflow: await listTypes(domain, TYPE_KINDS[0]),
      activity: await listTypes(domain, TYPE_KINDS[1]),
    }),
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
            <RegisteredRow
              key={d.name}
              target={{ kind: "domain", name: d.name! }}
              status={d.status!}
            />
          ))}
        </ul>
        <h3 className="mt-4 font-medium">Register a domain</h3>
        <RegisterDomainForm onRegistered={setDomain} />
      </section>

      <section className="grid content-start gap-3">
        <h2 className="text-base font-semibold">Types</h2>
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Domain</span>
          <Select
            className={formInputClass}
            value={domain}
            onChange={(e) => setDomain(e.target.value)}
            data-testid="registration-domain-picker"
            empty="Choose a domain"
            options={(domains.data ?? []).map((d) => ({
              value: d.name!,
              label: `${d.name}${d.status === "DEPRECATED" ? " (deprecated)" : ""}`,
            }))}
          />
        </label>
        {domain ? (
          <>
            <FaultAlert error={types.error} />
            {TYPE_KINDS.map((t) => (
              <TypeList key={t.kind} spec={t} items={types.data?.[t.kind] ?? []} domain={domain} />
            ))}
            {TYPE_KINDS.map((t) => (
              <Fragment key={t.kind}>
                <h3 className="mt-4 font-medium">Register {article(t.kind)} type</h3>
                <RegisterTypeForm key={`${t.kind}-${domain}`} domain={domain} kind={t.kind} />
              </Fragment>
            ))}
          </>
        ) : null}
      </section>
    </div>
  );
}

const article = (kind: TypeKind["kind"]) => (kind === "activity" ? "an activity" : "a workflow");

function TypeList({
  spec: { kind, key, plural },
  items,
  domain,
}: {
  spec: TypeKind;
  items: TypeItem[];
  domain: string;
}) {
  return (
    <div>
      <h3 className="font-medium">{plural}</h3>
      {items.length === 0 ? <p className="text-sm text-slate-500">None.</p> : null}
      <ul
        className="divide-y divide-slate-200 text-sm dark:divide-slate-800"
        data-testid={`registration-${kind}-types`}
      >
        {items.map((t) => (
          <RegisteredRow
            key={`${t.name}@${t.version}`}
            target={{ kind: key, domain, name: t.name, version: t.version }}
            status={t.status}
          />
        ))}
      </ul>
    </div>
  );
}

/** A domain or a type: its name, its status and the button that deprecates or undeprecates it. */
function RegisteredRow({ target, status }: { target: Registered; status: string }) {
  const domain = target.kind === "domain";
  return (
    <li
      className="flex items-center gap-2 py-1"
      data-testid={domain ? "registration-domain" : "registration-type"}
      data-name={domain ? target.name : `${target.name}@${target.version}`}
    >
      <span className="font-mono">{domain ? target.name : `${target.name} ${target.version}`}</span>
      <span
        className={`text-xs ${status === "DEPRECATED" ? "text-amber-700" : "text-slate-500"}`}
        data-testid="registration-status"
      >
        {status}
      </span>
      <span className="ml-auto">
        <DeprecationButton target={target} status={status} />
      </span>
    </li>
  );
}
