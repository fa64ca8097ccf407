"use client";

import { TabNav } from "@/components/ui/tabs";
import { usePathname } from "next/navigation";

export interface NavItem {
  href: string;
  label: string;
  /** Path prefixes that mark this item current (defaults to `href`). */
  match?: (pathname: string) => boolean;
}

/**
 * Top-level sections. Other console features add their entries here (e.g. the human-task
 * inbox: `{ href: "/inbox", label: "Inbox" }`).
 */
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Domains", match: (p) => p === "/" || p.startsWith("/domains") },
  { href: "/import", label: "Import" },
];

export function MainNav({ items = NAV_ITEMS }: { items?: NavItem[] }) {
  const pathname = usePathname();
  const current = items.find((item) =>
    item.match ? item.match(pathname) : pathname.startsWith(item.href),
  );
  return (
    <TabNav
      label="Main"
      look="pills"
      items={items.map((item) => ({ id: item.href, href: item.href, label: item.label }))}
      current={current?.href}
    />
  );
}
