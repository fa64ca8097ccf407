"use client";

import { useQuery } from "@tanstack/react-query";
import type { DomainInfo } from "@aws-sdk/client-swf";
import Link from "next/link";
import { callSwf } from "@/components/swf-api";

export function DomainList() {
  const { data, error, isPending } = useQuery({
    queryKey: ["ListDomains", "REGISTERED"],
    queryFn: () => callSwf<{ domainInfos: DomainInfo[] }>("ListDomains", { registrationStatus: "REGISTERED" }),
  });
  if (isPending) return <p className="text-slate-500">Loading domains…</p>;
  if (error) return <p role="alert" className="text-red-600">{error.message}</p>;
  if (data.domainInfos.length === 0) return <p className="text-slate-500">No domains registered.</p>;
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800">
      {data.domainInfos.map((d) => (
        <li key={d.name} className="py-2">
          <Link href={`/domains/${encodeURIComponent(d.name!)}`} className="font-medium text-sky-700 dark:text-sky-400">
            {d.name}
          </Link>
          {d.description ? <span className="ml-2 text-slate-500">{d.description}</span> : null}
        </li>
      ))}
    </ul>
  );
}
