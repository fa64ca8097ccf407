"use client";

import Link from "next/link";

export interface TabItem {
  id: string;
  label: string;
  href: string;
}

/** Underlined tabs of a page, or the header's sections (pills). */
const LOOKS = {
  tabs: {
    nav: "border-b border-slate-200 dark:border-slate-800",
    list: "-mb-px flex flex-wrap gap-1",
    link: "inline-block border-b-2 px-3 py-1.5 text-sm",
    active: "border-sky-600 font-semibold text-sky-800 dark:border-sky-400 dark:text-sky-300",
    idle: "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-slate-100",
  },
  pills: {
    nav: "",
    list: "flex flex-wrap items-center gap-1 xl:flex-nowrap",
    link: "rounded px-2 py-1 text-sm whitespace-nowrap",
    active: "bg-slate-200 font-medium text-slate-900 dark:bg-slate-800 dark:text-white",
    idle: "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
  },
};

/**
 * Navigation as links (each tab is a URL, so tabs deep-link and open in new browser tabs).
 * The current one carries `aria-current="page"`. Switching tabs keeps the scroll position;
 * switching sections (pills) does not.
 */
export function TabNav({
  items,
  current,
  label,
  look = "tabs",
}: {
  items: TabItem[];
  current: string | undefined;
  label: string;
  look?: keyof typeof LOOKS;
}) {
  const style = LOOKS[look];
  return (
    <nav aria-label={label} className={style.nav || undefined}>
      <ul className={style.list}>
        {items.map((item) => {
          const active = item.id === current;
          return (
            <li key={item.id}>
              <Link
                href={item.href}
                scroll={look === "tabs" ? false : undefined}
                aria-current={active ? "page" : undefined}
                data-tab={item.id}
                className={`${style.link} ${active ? style.active : style.idle}`}
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
