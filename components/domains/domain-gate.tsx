"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { homeHref } from "@/components/links";
import { isNotFound } from "@/components/ui/fault-words";
import { NotFound } from "@/components/ui/states";
import { useDomain } from "./queries";

/**
 * A domain's pages, or one not-found state when SWF does not know the domain (instead of its
 * header, tabs and each panel failing on its own).
 */
export function DomainGate({ domain, children }: { domain: string; children: ReactNode }) {
  const detail = useDomain(domain);
  if (detail.isError && isNotFound(detail.error)) {
    return (
      <NotFound
        title={`Domain “${domain}” not found`}
        back={
          <Link href={homeHref()} className="text-sm text-sky-700 underline dark:text-sky-400">
            All domains
          </Link>
        }
      >
        SWF has no domain of this name at this endpoint. It may be spelled differently, or
        registered in another region or account.
      </NotFound>
    );
  }
  return children;
}
