import Link from "next/link";
import { Fragment, type ReactNode } from "react";

export interface Crumb {
  label: ReactNode;
  href?: string;
}

/** Where a page sits: each level above it a link, the page itself last (the current one). */
export function Breadcrumb({ items }: { items: readonly Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="min-w-0 text-xs text-slate-600 dark:text-slate-400">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((item, i) => (
          <Fragment key={i}>
            {i > 0 ? <li aria-hidden="true">/</li> : null}
            {i === items.length - 1 ? (
              <li aria-current="page" className="truncate">
                {item.label}
              </li>
            ) : (
              <li>
                {item.href ? (
                  <Link className="hover:underline" href={item.href}>
                    {item.label}
                  </Link>
                ) : (
                  item.label
                )}
              </li>
            )}
          </Fragment>
        ))}
      </ol>
    </nav>
  );
}
