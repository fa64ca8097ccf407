"use client";

import Link from "next/link";
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
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-1">
        {items.map((item) => {
          const current = item.match ? item.match(pathname) : pathname.startsWith(item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={`rounded px-2 py-1 text-sm whitespace-nowrap ${
                  current
                    ? "bg-slate-200 font-medium text-slate-900 dark:bg-slate-800 dark:text-white"
                    : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
