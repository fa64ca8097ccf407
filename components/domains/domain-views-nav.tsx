"use client";

import { DomainLiveSync } from "@/components/live/live-sync";
import { LiveStatusBadge } from "@/components/live/live-status";
import { TabNav } from "@/components/ui/tabs";
import { useUrlParams } from "@/components/ui/use-url-params";
import { domainHref } from "@/components/links";
import { DOMAIN_TABS, domainTabHref, type DomainTab } from "./domain-tabs";

/** Pages of a domain beside the tabs of its main page (their own URLs). */
export const DOMAIN_PAGES = [
  { id: "dashboard", label: "Dashboard" },
  { id: "failures", label: "Failures" },
] as const;
export type DomainPage = (typeof DOMAIN_PAGES)[number]["id"];

export function domainPageHref(domain: string, page: DomainPage): string {
  return `${domainHref(domain)}/${page}`;
}

/**
 * The domain's navigation: the main page's tabs (`?tab=`) and the domain's own pages
 * (dashboard, failures). `current` is a tab id or a page id.
 */
export function DomainViewsNav({
  domain,
  current,
}: {
  domain: string;
  current: DomainTab | DomainPage;
}) {
  const { searchParams } = useUrlParams();
  const base = domainHref(domain);
  const onMainPage = DOMAIN_TABS.some((t) => t.id === current);
  return (
    <div className="flex items-end gap-3">
      <DomainLiveSync domain={domain} />
      <div className="min-w-0 flex-1">
        <TabNav
          label="Domain views"
          current={current}
          items={[
            ...DOMAIN_TABS.map((t) => ({
              id: t.id,
              label: t.label,
              href: domainTabHref(base, t.id, onMainPage ? searchParams.toString() : ""),
            })),
            ...DOMAIN_PAGES.map((p) => ({
              id: p.id,
              label: p.label,
              href: domainPageHref(domain, p.id),
            })),
          ]}
        />
      </div>
      <div className="pb-2">
        <LiveStatusBadge />
      </div>
    </div>
  );
}
