"use client";

import Link from "next/link";

export interface TabItem {
  id: string;
  label: string;
  href: string;
}

/**
 * Navigation tabs as links (each tab is a URL, so tabs deep-link and open in new browser tabs).
 * The current one carries `aria-current="page"`.
 */
export function TabNav({
  items,
  current,
  label,
}: {
  items: TabItem[];
  current: string;
  label: string;
}) {
  return (
    <nav aria-label={label} className="border-b border-slate-200 dark:border-slate-800">
      <ul className="-mb-px flex flex-wrap gap-1">
        {items.map((item) => {
          const active = item.id === current;
          return (
            <li key={item.id}>
              <Link
                href={item.href}
                scroll={false}
                aria-current={active ? "page" : undefined}
                data-tab={item.id}
                className={`inline-block border-b-2 px-3 py-1.5 text-sm ${
                  active
                    ? "border-sky-600 font-semibold text-sky-800 dark:border-sky-400 dark:text-sky-300"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-slate-100"
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
